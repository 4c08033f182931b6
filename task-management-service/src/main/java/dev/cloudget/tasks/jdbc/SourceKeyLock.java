package dev.cloudget.tasks.jdbc;

import dev.cloudget.contracts.source.SourceKey;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Serialises everything that decides the fate of one source key (submit, completion, failure,
 * cancellation) across every replica: a PostgreSQL advisory lock held until the transaction ends.
 */
@Component
public class SourceKeyLock {

    private static final RowCallbackHandler NOTHING_TO_READ = row -> {
    };

    private final JdbcClient jdbc;

    SourceKeyLock(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void lock(SourceKey key) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("a source key lock lives as long as a transaction: start one first");
        }
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))")
                .param("key", key.value())
                .query(NOTHING_TO_READ);
    }
}
