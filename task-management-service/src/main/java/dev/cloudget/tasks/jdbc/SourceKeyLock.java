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

    private static final String TORRENT_PREFIX = "btih:";
    private static final int TORRENT_KEY_LENGTH = TORRENT_PREFIX.length() + 40;

    private final JdbcClient jdbc;

    SourceKeyLock(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void lock(SourceKey key) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("a source key lock lives as long as a transaction: start one first");
        }
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))")
                .param("key", lockNameOf(key))
                .query(NOTHING_TO_READ);
    }

    /**
     * Every key of one torrent ({@code btih:<hex>}, {@code btih:<hex>?files=…}) shares one lock: a selection of
     * its files may be answered by, or join, a job of another selection.
     */
    static String lockNameOf(SourceKey key) {
        String value = key.value();
        return value.startsWith(TORRENT_PREFIX) && value.length() > TORRENT_KEY_LENGTH
                ? value.substring(0, TORRENT_KEY_LENGTH)
                : value;
    }
}
