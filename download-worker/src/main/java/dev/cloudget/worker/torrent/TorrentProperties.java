package dev.cloudget.worker.torrent;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.net.InetAddress;
import java.time.Duration;

/**
 * How the BitTorrent engine behaves.
 *
 * @param listenAddress      the address peers connect to and outgoing peer connections leave from; bt binds
 *                           both to it, so a worker on the internet needs its public interface here
 * @param metadataTimeout    a magnet whose metadata no peer delivered within this fails {@code metadata-timeout}
 * @param maxDownloadSize    the largest selection one job may fetch, besides {@code cloudget.worker.max-object-size}: it
 *                           goes through scratch disk whole, and is also checked against the disk's free space.
 *                           Nothing from any peer for {@code cloudget.worker.stall-timeout} fails the job {@code stalled}
 * @param dht                look for peers in the DHT. Off by default: DHT traffic is UDP to addresses the
 *                           destination guard cannot check (peers found there still pass it before any TCP)
 * @param peerExchange       learn peers from peers (PEX); every such peer passes the destination guard
 * @param maxPeers           peer connections per torrent
 * @param trackerTimeout     how long one tracker announce may take
 */
@ConfigurationProperties("cloudget.worker.bt")
public record TorrentProperties(
        @DefaultValue("127.0.0.1") InetAddress listenAddress,
        @DefaultValue("5m") Duration metadataTimeout,
        @DefaultValue("100GB") DataSize maxDownloadSize,
        @DefaultValue("false") boolean dht,
        @DefaultValue("true") boolean peerExchange,
        @DefaultValue("50") int maxPeers,
        @DefaultValue("30s") Duration trackerTimeout) {
}
