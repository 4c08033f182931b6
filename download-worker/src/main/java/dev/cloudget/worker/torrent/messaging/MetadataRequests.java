package dev.cloudget.worker.torrent.messaging;

import dev.cloudget.contracts.Topics;
import dev.cloudget.contracts.seeds.MetadataRequested;
import dev.cloudget.worker.torrent.MagnetResolver;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Magnets the seed database wants resolved: one worker of the farm (a consumer group) takes each. The
 * resolution runs in the background, so a slow swarm never holds up the partition. Only a worker that runs BitTorrent
 * ({@code cloudget.worker.engines}) joins the group.
 */
@Component
@ConditionalOnExpression("'${cloudget.worker.engines:BITTORRENT}'.toUpperCase().contains('BITTORRENT')")
class MetadataRequests {

    private final MagnetResolver resolver;

    MetadataRequests(MagnetResolver resolver) {
        this.resolver = resolver;
    }

    @KafkaListener(topics = Topics.METADATA_REQUESTED, groupId = "download-worker-metadata")
    void on(MetadataRequested request) {
        resolver.resolveLater(request);
    }
}
