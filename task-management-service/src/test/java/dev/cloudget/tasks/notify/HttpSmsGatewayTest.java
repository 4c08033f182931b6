package dev.cloudget.tasks.notify;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class HttpSmsGatewayTest {

    private static HttpSmsGateway gateway(SmsProperties.Format format, String template) {
        return new HttpSmsGateway(new SmsProperties(URI.create("http://127.0.0.1:1/sms"), format, template, "cloudget",
                null, null, null, Duration.ofSeconds(1)));
    }

    @Test
    void fillsAJsonTemplateWithEscapedValues() {
        HttpSmsGateway json = gateway(SmsProperties.Format.JSON,
                "{\"to\":\"{to}\",\"from\":\"{from}\",\"text\":\"{text}\",\"ref\":\"{reference}\"}");

        assertThat(json.body("+14155550123", "ready - \"a\\b\"\n", "k1"))
                .isEqualTo("{\"to\":\"+14155550123\",\"from\":\"cloudget\",\"text\":\"ready - \\\"a\\\\b\\\"\\n\","
                        + "\"ref\":\"k1\"}");
    }

    @Test
    void fillsAFormTemplateWithEncodedValues() {
        HttpSmsGateway form = gateway(SmsProperties.Format.FORM, "To={to}&From={from}&Body={text}");

        assertThat(form.body("+14155550123", "ready & done", "k1"))
                .isEqualTo("To=%2B14155550123&From=cloudget&Body=ready+%26+done");
    }

    @Test
    void aPlaceholderInsideAValueStaysAsItIs() {
        HttpSmsGateway form = gateway(SmsProperties.Format.JSON, "{\"text\":\"{text}\",\"to\":\"{to}\"}");

        assertThat(form.body("+14155550123", "file {to}.iso", "k")).isEqualTo(
                "{\"text\":\"file {to}.iso\",\"to\":\"+14155550123\"}");
    }
}
