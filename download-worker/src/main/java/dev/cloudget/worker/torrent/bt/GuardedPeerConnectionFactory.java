package dev.cloudget.worker.torrent.bt;

import bt.metainfo.TorrentId;
import bt.net.ConnectionResult;
import bt.net.IPeerConnectionFactory;
import bt.net.Peer;
import dev.cloudget.platform.guard.DestinationGuard;

import java.io.IOException;
import java.nio.channels.SocketChannel;

/**
 * Every TCP peer connection bt makes or accepts passes here (bt opens peer sockets nowhere else): a peer
 * from a tracker, PEX or the DHT that is not public and not allowlisted is never connected to.
 */
final class GuardedPeerConnectionFactory implements IPeerConnectionFactory {

    private final IPeerConnectionFactory delegate;
    private final DestinationGuard guard;

    GuardedPeerConnectionFactory(IPeerConnectionFactory delegate, DestinationGuard guard) {
        this.delegate = delegate;
        this.guard = guard;
    }

    @Override
    public ConnectionResult createOutgoingConnection(Peer peer, TorrentId torrentId) {
        if (!guard.permits(peer.getInetAddress(), peer.getPort())) {
            return ConnectionResult.failure("blocked by the destination guard: " + peer.getInetAddress());
        }
        return delegate.createOutgoingConnection(peer, torrentId);
    }

    @Override
    public ConnectionResult createIncomingConnection(Peer peer, SocketChannel channel) {
        if (!guard.permits(peer.getInetAddress(), peer.getPort())) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the peer is refused either way
            }
            return ConnectionResult.failure("blocked by the destination guard: " + peer.getInetAddress());
        }
        return delegate.createIncomingConnection(peer, channel);
    }
}
