package dev.cloudget.tasks.notify;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cloudget.tasks.notify.persistence.PreferenceStore;
import dev.cloudget.tasks.task.Subscription;
import org.springframework.stereotype.Service;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Each user's notification defaults (applied to a new task that names no channel) and the secret their webhooks are
 * signed with (created on first need, shown to them only).
 */
@Service
public class Preferences {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A user's defaults, read on every submit that names no channel: kept a few seconds (and dropped when set here). */
    private final Cache<String, Subscription> defaults = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(10))
            .maximumSize(10_000)
            .build();
    private final PreferenceStore store;
    private final Destinations destinations;
    private final Clock clock;

    Preferences(PreferenceStore store, Destinations destinations, Clock clock) {
        this.store = store;
        this.destinations = destinations;
        this.clock = clock;
    }

    /**
     * What a new task of {@code owner} subscribes to: what it asked for ({@code asked}), or the owner's defaults when
     * it said nothing about notifications (null). Refuses a channel that cannot be served (see {@link Destinations}).
     */
    public Subscription resolve(String owner, Subscription asked) {
        if (asked == null) {
            // checked when they were saved
            return defaults.get(owner, this::defaultsOf);
        }
        destinations.check(asked);
        return asked;
    }

    public Subscription defaultsOf(String owner) {
        return store.defaultsOf(owner).orElse(Subscription.NONE);
    }

    public void saveDefaults(String owner, Subscription defaults) {
        destinations.check(defaults);
        store.saveDefaults(owner, defaults, newSecret(), clock.instant());
        this.defaults.invalidate(owner);
    }

    public String webhookSecretOf(String owner) {
        return store.secretOf(owner, newSecret(), clock.instant());
    }

    public String rotateWebhookSecret(String owner) {
        String secret = newSecret();
        store.rotateSecret(owner, secret, clock.instant());
        return secret;
    }

    private static String newSecret() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return "whsec_" + HexFormat.of().formatHex(secret);
    }
}
