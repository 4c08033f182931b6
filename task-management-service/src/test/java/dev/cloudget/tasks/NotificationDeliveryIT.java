package dev.cloudget.tasks;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class NotificationDeliveryIT extends TaskManagementIntegrationTest {

    @Test
    void givesUpAnEmailTheRelayKeepsRefusingAndStillSendsTheOthers() {
        String user = newUser("uma");
        UUID task = UUID.fromString(api.submit(user, api.body(newLink(), null)).text("id"));
        String good = user + "@example.test";
        // two recipients in one address: refused every time, however often it is tried
        long refused = queue(task, good + ", " + user + "@elsewhere.test", 9);
        long fine = queue(task, good, 0);

        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(status(refused)) && "SENT".equals(status(fine)));
        assertThat(jdbc.sql("SELECT attempts FROM notifications WHERE id = :id").param("id", refused)
                .query(Integer.class).single()).as("the configured maximum").isEqualTo(10);
        assertThat(jdbc.sql("SELECT last_error FROM notifications WHERE id = :id").param("id", refused)
                .query(String.class).single()).isNotBlank();
        assertThat(mailTo(good)).hasSize(1);
    }

    /** Queues an email that already failed {@code attempts} times and is due now. */
    private long queue(UUID task, String recipient, int attempts) {
        return jdbc.sql("""
                        INSERT INTO notifications (task_id, idempotency_key, recipient, subject, body, created_at,
                            next_attempt_at, attempts)
                        VALUES (:task, :key, :recipient, 'subject', 'body', now(), now(), :attempts) RETURNING id""")
                .param("key", UUID.randomUUID().toString())
                .param("task", task)
                .param("recipient", recipient)
                .param("attempts", attempts)
                .query(Long.class).single();
    }

    private String status(long id) {
        return jdbc.sql("SELECT status FROM notifications WHERE id = :id").param("id", id).query(String.class).single();
    }
}
