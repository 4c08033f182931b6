package dev.cloudget.worker.torrent.bt;

import bt.metainfo.TorrentId;
import bt.net.ConnectionResult;
import bt.net.IPeerConnectionFactory;
import bt.net.InetPeer;
import bt.net.Peer;
import bt.service.RuntimeLifecycleBinder;
import bt.tracker.Tracker;
import bt.tracker.TrackerRequestBuilder;
import bt.tracker.TrackerResponse;
import dev.cloudget.platform.guard.Allowlist;
import dev.cloudget.platform.guard.DestinationGuard;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Every peer and tracker of a swarm passes the destination guard before bt may connect to it. */
class GuardedSwarmTest {

    private static final TorrentId TORRENT = TorrentId.fromBytes(new byte[20]);
    private static final DestinationGuard GUARD = new DestinationGuard(Allowlist.parse(List.of("127.0.0.3/32")));

    private final List<String> connected = new CopyOnWriteArrayList<>();
    private final List<String> trackersMade = new CopyOnWriteArrayList<>();

    @Test
    void refusesPeersOnNonPublicAddressesUnlessAllowlisted() throws Exception {
        IPeerConnectionFactory peers = new GuardedPeerConnectionFactory(recordingPeers(), GUARD);

        ConnectionResult loopback = peers.createOutgoingConnection(peer("127.0.0.1"), TORRENT);
        ConnectionResult metadataService = peers.createOutgoingConnection(peer("169.254.169.254"), TORRENT);
        ConnectionResult privateNetwork = peers.createOutgoingConnection(peer("10.1.2.3"), TORRENT);
        peers.createOutgoingConnection(peer("127.0.0.3"), TORRENT);
        peers.createOutgoingConnection(peer("93.184.216.34"), TORRENT);

        assertThat(List.of(loopback, metadataService, privateNetwork)).noneMatch(ConnectionResult::isSuccess);
        assertThat(connected).containsExactly("/127.0.0.3", "/93.184.216.34");
    }

    @Test
    void refusesIncomingPeersOnNonPublicAddresses() throws Exception {
        IPeerConnectionFactory peers = new GuardedPeerConnectionFactory(recordingPeers(), GUARD);

        try (SocketChannel channel = SocketChannel.open()) {
            assertThat(peers.createIncomingConnection(peer("192.168.1.5"), channel).isSuccess()).isFalse();
            assertThat(channel.isOpen()).as("the refused peer's connection is closed").isFalse();
        }
        assertThat(connected).isEmpty();
    }

    @Test
    void announcesOnlyToTrackersThatPassTheGuard() {
        GuardedTrackerService trackers = new GuardedTrackerService(Map.of("http", url -> {
            trackersMade.add(url);
            return answering();
        }), GUARD, new RuntimeLifecycleBinder());

        TrackerResponse blocked = trackers.getTracker("http://127.0.0.1:6969/announce").request(TORRENT).start();
        TrackerResponse metadata = trackers.getTracker("http://169.254.169.254/announce").request(TORRENT).start();
        TrackerResponse allowed = trackers.getTracker("http://127.0.0.3:6969/announce").request(TORRENT).start();
        TrackerResponse unsupported = trackers.getTracker("wss://tracker.example/announce").request(TORRENT).start();

        assertThat(blocked.isSuccess()).isFalse();
        assertThat(blocked.getErrorMessage()).contains("blocked by the destination guard");
        assertThat(metadata.isSuccess()).isFalse();
        assertThat(unsupported.isSuccess()).isFalse();
        assertThat(allowed.isSuccess()).isTrue();
        assertThat(trackersMade).containsExactly("http://127.0.0.3:6969/announce");
    }

    private IPeerConnectionFactory recordingPeers() {
        return new IPeerConnectionFactory() {
            @Override
            public ConnectionResult createOutgoingConnection(Peer peer, TorrentId torrentId) {
                connected.add(peer.getInetAddress().toString());
                return ConnectionResult.failure("not really connecting in a unit test");
            }

            @Override
            public ConnectionResult createIncomingConnection(Peer peer, SocketChannel channel) {
                connected.add(peer.getInetAddress().toString());
                return ConnectionResult.failure("not really connecting in a unit test");
            }
        };
    }

    private static Peer peer(String address) throws Exception {
        return InetPeer.build(InetAddress.getByName(address), 6881);
    }

    private static Tracker answering() {
        return new Tracker() {
            @Override
            public TrackerRequestBuilder request(TorrentId torrentId) {
                return new TrackerRequestBuilder(torrentId) {
                    @Override
                    public TrackerResponse start() {
                        return TrackerResponse.ok();
                    }

                    @Override
                    public TrackerResponse stop() {
                        return TrackerResponse.ok();
                    }

                    @Override
                    public TrackerResponse complete() {
                        return TrackerResponse.ok();
                    }

                    @Override
                    public TrackerResponse query() {
                        return TrackerResponse.ok();
                    }
                };
            }

            @Override
            public void close() {
            }
        };
    }
}
