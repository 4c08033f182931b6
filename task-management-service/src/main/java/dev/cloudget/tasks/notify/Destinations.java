package dev.cloudget.tasks.notify;

import dev.cloudget.contracts.web.Problems;
import dev.cloudget.platform.guard.Allowlist;
import dev.cloudget.platform.guard.BlockedAddressException;
import dev.cloudget.platform.guard.DestinationGuard;
import dev.cloudget.platform.guard.Ipv4Hosts;
import dev.cloudget.platform.web.ProblemException;
import dev.cloudget.tasks.task.Subscription;
import okhttp3.HttpUrl;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Where notifications may go. Webhooks are held to the same destination guard as downloads: a loopback, private or
 * link-local address (or a name resolving to one) is refused unless allowlisted, at submit for what can be told then
 * (an address literal, {@code localhost}) and again at every delivery, which connects only to the addresses checked.
 */
@Component
public class Destinations {

    private final DestinationGuard guard;
    private final ObjectProvider<SmsGateway> sms;

    Destinations(WebhookProperties webhooks, ObjectProvider<SmsGateway> sms) {
        this.guard = new DestinationGuard(Allowlist.parse(webhooks.allowlist()));
        this.sms = sms;
    }

    /** Refuses a subscription a delivery could never serve: 400 for a bad webhook URL, 422 for SMS without a provider. */
    public void check(Subscription subscription) {
        if (subscription.phone() != null && sms.getIfAvailable() == null) {
            throw new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, Problems.SMS_UNAVAILABLE, "SMS unavailable",
                    "This cloudget sends no SMS (no provider is configured); leave out notify.phone");
        }
        if (subscription.callbackUrl() != null) {
            HttpUrl url = webhookUrl(subscription.callbackUrl());
            String host = url.host();
            if (Ipv4Hosts.isAmbiguous(host)) {
                // 0177.0.0.1: the guard reads it as browsers do (127.0.0.1), but the subscriber may have meant otherwise
                throw new ProblemException(HttpStatus.BAD_REQUEST, Problems.AMBIGUOUS_ADDRESS, "Ambiguous address",
                        "callbackUrl: the host '" + host + "' is an IPv4 address not written as four decimal numbers "
                                + "from 0 to 255 without leading zeros, which programs read differently; write it "
                                + "as a.b.c.d");
            }
            if (host.equals("localhost") || host.endsWith(".localhost") || isAddressLiteral(host)) {
                try {
                    guard.check(host.equals("localhost") || host.endsWith(".localhost") ? "127.0.0.1" : host,
                            url.port());
                } catch (BlockedAddressException | UnknownHostException e) {
                    throw new ProblemException(HttpStatus.BAD_REQUEST, Problems.BLOCKED_ADDRESS, "Blocked address",
                            "callbackUrl: " + e.getMessage());
                }
            }
        }
    }

    /** The addresses a webhook to {@code host} may connect to. */
    List<InetAddress> approve(String host, int port) throws DeliveryFailure {
        try {
            return guard.check(host, port);
        } catch (BlockedAddressException e) {
            throw new DeliveryFailure("blocked-address: " + e.getMessage(), true);
        } catch (UnknownHostException e) {
            throw new DeliveryFailure("unknown host " + host, false);
        }
    }

    /** An absolute http(s) URL without credentials in it, as OkHttp reads it (the same reading it connects by). */
    static HttpUrl webhookUrl(String url) {
        HttpUrl parsed = HttpUrl.parse(url);
        String scheme = url.length() > 8 ? url.substring(0, url.indexOf(':') + 1).toLowerCase(Locale.ROOT) : "";
        if (parsed == null || !(scheme.equals("http:") || scheme.equals("https:"))) {
            throw new IllegalArgumentException("callbackUrl must be an absolute http or https URL");
        }
        if (!parsed.username().isEmpty() || !parsed.password().isEmpty()) {
            throw new IllegalArgumentException("callbackUrl must not carry credentials; verify the signature instead");
        }
        return parsed;
    }

    private static boolean isAddressLiteral(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }
}
