package dev.cloudget.tasks.notify;

import okhttp3.Credentials;
import tools.jackson.core.io.JsonStringEncoder;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An SMS provider reached with one HTTP request per message, as most SMS gateways are (Twilio-style form posts, JSON
 * APIs, self-hosted SMS gateways): see {@link SmsProperties}. A 2xx answer is a sent message; 429 and 5xx are tried
 * again; any other status is given up (the provider refused this message).
 */
public class HttpSmsGateway implements SmsGateway {

    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final MediaType FORM = MediaType.get("application/x-www-form-urlencoded");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(to|from|text|reference)}");

    private final SmsProperties properties;
    private final OkHttpClient http;

    public HttpSmsGateway(SmsProperties properties) {
        this.properties = properties;
        this.http = new OkHttpClient.Builder()
                .callTimeout(properties.timeout())
                .followRedirects(false)
                .build();
    }

    @Override
    public void send(String to, String text, String reference) throws DeliveryFailure {
        Request.Builder request = new Request.Builder().url(properties.url().toString())
                .post(RequestBody.create(body(to, text, reference),
                        properties.format() == SmsProperties.Format.JSON ? JSON : FORM));
        if (properties.bearerToken() != null && !properties.bearerToken().isBlank()) {
            request.header("Authorization", "Bearer " + properties.bearerToken());
        } else if (properties.username() != null && !properties.username().isBlank()) {
            request.header("Authorization", Credentials.basic(properties.username(),
                    properties.password() == null ? "" : properties.password(), StandardCharsets.UTF_8));
        }
        try (Response response = http.newCall(request.build()).execute()) {
            if (!response.isSuccessful()) {
                int status = response.code();
                throw new DeliveryFailure("SMS provider answered " + status,
                        status != 408 && status != 429 && status < 500);
            }
        } catch (IOException e) {
            throw new DeliveryFailure("SMS provider not reached: " + e, e);
        }
    }

    /** The template with its placeholders filled in, each value escaped for the format. */
    String body(String to, String text, String reference) {
        Map<String, String> values = Map.of("{to}", to, "{from}", properties.from(), "{text}", text,
                "{reference}", reference);
        // one pass: a placeholder inside a filled-in value (a file named "{to}") stays as it is
        return PLACEHOLDER.matcher(properties.template())
                .replaceAll(match -> Matcher.quoteReplacement(escape(values.get(match.group()))));
    }

    private String escape(String value) {
        if (properties.format() == SmsProperties.Format.FORM) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
        StringBuilder json = new StringBuilder(value.length() + 8);
        JsonStringEncoder.getInstance().quoteAsString(value, json);
        return json.toString();
    }
}
