package dev.cloudget.tasks.notify;

import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

/**
 * {@code POST}s the message's JSON (the event and the task) to the task's {@code callbackUrl}, signed
 * ({@link WebhookSignature}) with the owner's webhook secret. Headers: {@code Cloudget-Event} ({@code task.completed}
 * …), {@code Cloudget-Delivery} (the same on every attempt: a receiver drops a repeat by it) and
 * {@code Cloudget-Signature}. A 2xx answer is a delivery; 408, 429 and 5xx, or no answer, are tried again; any other
 * status gives it up. Redirects are not followed (a redirect could lead past the destination guard).
 */
@Component
class WebhookDelivery implements Delivery {

    static final String EVENT_HEADER = "Cloudget-Event";
    static final String DELIVERY_HEADER = "Cloudget-Delivery";
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    private final Destinations destinations;
    private final Preferences preferences;
    private final Clock clock;
    private final OkHttpClient http;

    WebhookDelivery(Destinations destinations, Preferences preferences, Clock clock, WebhookProperties properties) {
        this.destinations = destinations;
        this.preferences = preferences;
        this.clock = clock;
        this.http = new OkHttpClient.Builder()
                .callTimeout(properties.timeout())
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                .build();
    }

    @Override
    public Channel channel() {
        return Channel.WEBHOOK;
    }

    @Override
    public void deliver(Message message) throws DeliveryFailure {
        HttpUrl url;
        try {
            url = Destinations.webhookUrl(message.recipient());
        } catch (IllegalArgumentException invalid) {
            throw new DeliveryFailure(invalid.getMessage(), true);
        }
        // resolved once, through the guard: the connection goes only to these addresses (no second lookup)
        List<InetAddress> approved = destinations.approve(url.host(), url.port());
        String secret = preferences.webhookSecretOf(message.owner());
        Request request = new Request.Builder().url(url)
                .header("User-Agent", "cloudget-webhook/1")
                .header(EVENT_HEADER, "task." + message.event().name().toLowerCase(Locale.ROOT))
                .header(DELIVERY_HEADER, message.key())
                .header(WebhookSignature.HEADER, WebhookSignature.header(secret, clock.instant(), message.body()))
                .post(RequestBody.create(message.body(), JSON))
                .build();
        // shares the connection pool; an address literal never asks the Dns, it was approved above as well
        OkHttpClient guarded = http.newBuilder().dns(host -> approved).build();
        try (Response response = guarded.newCall(request).execute()) {
            int status = response.code();
            if (status / 100 != 2) {
                throw new DeliveryFailure("webhook answered " + status,
                        status != 408 && status != 429 && status < 500);
            }
        } catch (IOException e) {
            throw new DeliveryFailure("webhook not reached: " + e, e);
        }
    }
}
