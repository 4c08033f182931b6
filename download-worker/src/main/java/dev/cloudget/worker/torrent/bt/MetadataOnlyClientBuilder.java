package dev.cloudget.worker.torrent.bt;

import bt.BtClientBuilder;
import bt.processor.ProcessingContext;
import bt.processor.listener.ListenerSource;
import bt.processor.listener.ProcessingEvent;
import bt.runtime.BtRuntime;

/** A magnet client that ends once the metadata arrived (BEP 9): it never touches storage or asks for a piece. */
final class MetadataOnlyClientBuilder extends BtClientBuilder {

    MetadataOnlyClientBuilder(BtRuntime runtime) {
        super();
        runtime(runtime);
    }

    @Override
    protected <C extends ProcessingContext> void collectStageListeners(ListenerSource<C> listeners) {
        super.collectStageListeners(listeners);
        // a listener answering null ends bt's processing chain; afterTorrentFetched callbacks have run by then
        listeners.addListener(ProcessingEvent.TORRENT_FETCHED, (context, next) -> null);
    }
}
