package dev.cloudget.tasks.notify;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;

/**
 * A generic SMS-gateway request ({@link HttpSmsGateway}): a {@code POST} to {@code url} whose body is {@code template}
 * with {@code {to}}, {@code {from}}, {@code {text}} and {@code {reference}} filled in, escaped for the {@code format}:
 * {@code json} ({@code application/json}) or {@code form} ({@code application/x-www-form-urlencoded}, e.g.
 * {@code To={to}&From={from}&Body={text}}). Credentials: {@code username}/{@code password} (HTTP Basic) or
 * {@code bearer-token}. No {@code url}: SMS is off, and a task asking for one is refused.
 */
@ConfigurationProperties("cloudget.notifications.sms")
public record SmsProperties(
        URI url,
        @DefaultValue("json") Format format,
        @DefaultValue("{\"to\":\"{to}\",\"from\":\"{from}\",\"text\":\"{text}\",\"reference\":\"{reference}\"}")
        String template,
        @DefaultValue("cloudget") String from,
        String username,
        String password,
        String bearerToken,
        @DefaultValue("PT10S") Duration timeout) {

    public enum Format {
        JSON, FORM
    }
}
