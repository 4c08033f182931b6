package dev.cloudget.seeds;

import dev.cloudget.contracts.Topics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ContextConfiguration;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The one Spring context of this module's integration tests, declared once so that every {@code *IT} gets the same
 * one from the context cache: the service on a random port, its real PostgreSQL database ({@link ItDatabase}), a
 * real Kafka broker, a 1 MiB torrent limit (so that oversized uploads stay cheap), and a magnet deadline and sweep
 * short enough to watch a magnet time out.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "cloudget.seeds.max-torrent-size=1MB",
        "spring.servlet.multipart.max-request-size=2MB",
        "cloudget.seeds.magnet-deadline=" + SeedsServiceTest.MAGNET_DEADLINE,
        "cloudget.seeds.sweep-interval=PT0.2S",
        "cloudget.outbox.poll-interval=PT0.1S"})
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers",
        topics = Topics.METADATA_REQUESTED)
@ContextConfiguration(initializers = ItDatabase.class)
public @interface SeedsServiceTest {

    String MAGNET_DEADLINE = "PT8S";
    int MAX_TORRENT_BYTES = 1024 * 1024;
}
