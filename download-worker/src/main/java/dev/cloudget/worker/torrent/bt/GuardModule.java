package dev.cloudget.worker.torrent.bt;

import bt.event.EventSource;
import bt.module.BitTorrentProtocol;
import bt.module.PeerConnectionSelector;
import bt.net.DataReceiver;
import bt.net.IConnectionHandlerFactory;
import bt.net.IPeerConnectionFactory;
import bt.net.PeerConnectionFactory;
import bt.net.SharedSelector;
import bt.net.buffer.IBufferManager;
import bt.net.pipeline.IChannelPipelineFactory;
import bt.protocol.Message;
import bt.protocol.handler.MessageHandler;
import bt.runtime.Config;
import bt.torrent.TorrentRegistry;
import bt.tracker.ITrackerService;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.cloudget.platform.guard.DestinationGuard;

/**
 * Puts bt's peer connections and trackers under the worker's destination guard. bt applies custom modules
 * over its standard ones, so these bindings replace its own.
 */
final class GuardModule extends AbstractModule {

    private final DestinationGuard guard;

    GuardModule(DestinationGuard guard) {
        this.guard = guard;
    }

    @Override
    protected void configure() {
        bind(DestinationGuard.class).toInstance(guard);
        bind(ITrackerService.class).to(GuardedTrackerService.class).in(Singleton.class);
    }

    /** The arguments of bt-core 1.10's own {@code ServiceModule#providePeerConnectionFactory}, wrapped. */
    @Provides
    @Singleton
    IPeerConnectionFactory guardedPeerConnectionFactory(@PeerConnectionSelector SharedSelector selector,
            IConnectionHandlerFactory connectionHandlerFactory, @BitTorrentProtocol MessageHandler<Message> protocol,
            TorrentRegistry torrentRegistry, IChannelPipelineFactory channelPipelineFactory,
            IBufferManager bufferManager, DataReceiver dataReceiver, EventSource eventSource, Config config) {
        return new GuardedPeerConnectionFactory(new PeerConnectionFactory(selector, connectionHandlerFactory,
                channelPipelineFactory, protocol, torrentRegistry, bufferManager, dataReceiver, eventSource, config),
                guard);
    }
}
