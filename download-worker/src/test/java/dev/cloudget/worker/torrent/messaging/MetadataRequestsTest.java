package dev.cloudget.worker.torrent.messaging;

import dev.cloudget.worker.torrent.MagnetResolver;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/** Only a worker that runs BitTorrent resolves magnets for the seed database. */
class MetadataRequestsTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withBean(MagnetResolver.class, () -> mock(MagnetResolver.class))
            .withUserConfiguration(MetadataRequests.class);

    @Test
    void aWorkerWithoutBitTorrentDoesNotJoinTheMetadataGroup() {
        context.withPropertyValues("cloudget.worker.engines=HTTP,FTP")
                .run(started -> assertThat(started).doesNotHaveBean(MetadataRequests.class));
    }

    @Test
    void aWorkerWithBitTorrentDoes() {
        context.withPropertyValues("cloudget.worker.engines=http,bittorrent")
                .run(started -> assertThat(started).hasSingleBean(MetadataRequests.class));
    }

    @Test
    void everyEngineIsTheDefault() {
        context.run(started -> assertThat(started).hasSingleBean(MetadataRequests.class));
    }
}
