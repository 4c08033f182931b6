package dev.cloudget.tasks.notify;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * Webhooks ({@code callbackUrl}).
 *
 * @param allowlist non-public destinations a webhook may still go to, as for downloads ({@code CLOUDGET_ALLOWLIST}:
 *                  CIDRs or {@code host:port}); every other loopback, private or link-local address is refused
 * @param timeout   how long one delivery may take, connection and answer together
 */
@ConfigurationProperties("cloudget.notifications.webhooks")
public record WebhookProperties(
        List<String> allowlist,
        @DefaultValue("PT10S") Duration timeout) {

    public WebhookProperties {
        allowlist = allowlist == null ? List.of() : allowlist.stream().filter(entry -> !entry.isBlank()).toList();
    }
}
