package dev.cloudget.tasks;

import dev.cloudget.contracts.Topics;
import dev.cloudget.platform.outbox.OutboxStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The relay publishes each key's events in the order they were written, whatever gets in its way. */
@ExtendWith(OutputCaptureExtension.class)
class OutboxRelayIT extends TaskManagementIntegrationTest {

    /** Several polls of the relay (100 ms apart in these tests). */
    private static final Duration SEVERAL_POLLS = Duration.ofMillis(1500);

    @Autowired
    DataSource dataSource;

    @Test
    void publishesNothingWhileAnotherRelayIsAtWork() throws Exception {
        String link = newLink();
        try (Connection otherRelay = dataSource.getConnection()) {
            otherRelay.setAutoCommit(false);
            try (PreparedStatement lock = otherRelay.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
                lock.setInt(1, OutboxStore.RELAY_LOCK_SPACE);
                lock.setInt(2, OutboxStore.RELAY_LOCK_KEY);
                lock.executeQuery().close();
            }

            api.submit(newUser("sam"), api.body(link, null));

            await().during(SEVERAL_POLLS).atMost(SEVERAL_POLLS.multipliedBy(2))
                    .until(() -> unpublishedRequestsFor(link) == 1);
            otherRelay.commit();
        }
        assertThat(jobRequestedFor(link)).isNotNull();
    }

    @Test
    void aRecordThatCannotBeReadHoldsBackTheRecordsAfterItAndIsLoggedOnce(CapturedOutput output) {
        long unreadable = jdbc.sql("""
                        INSERT INTO outbox (topic, message_key, event_type, payload, created_at)
                        VALUES (:topic, 'k', 'dev.cloudget.contracts.NoSuchEvent', '{}', now()) RETURNING id""")
                .param("topic", Topics.JOB_REQUESTED)
                .query(Long.class).single();
        String link = newLink();
        try {
            api.submit(newUser("tess"), api.body(link, null));

            await().during(SEVERAL_POLLS).atMost(SEVERAL_POLLS.multipliedBy(2))
                    .until(() -> unpublishedRequestsFor(link) == 1);
            assertThat(occurrences(output.getAll(), "Outbox record " + unreadable + " ")).isEqualTo(1);
        } finally {
            // what an operator does once the record is dealt with
            jdbc.sql("UPDATE outbox SET published_at = now() WHERE id = :id").param("id", unreadable).update();
        }
        assertThat(jobRequestedFor(link)).isNotNull();
    }

    private long unpublishedRequestsFor(String link) {
        return jdbc.sql("""
                        SELECT count(*) FROM outbox o JOIN jobs j ON o.message_key = j.id::text
                        WHERE j.source_key = :key AND o.topic = :topic AND o.published_at IS NULL""")
                .param("key", link)
                .param("topic", Topics.JOB_REQUESTED)
                .query(Long.class).single();
    }

    private static int occurrences(String text, String needle) {
        Matcher matcher = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }
}
