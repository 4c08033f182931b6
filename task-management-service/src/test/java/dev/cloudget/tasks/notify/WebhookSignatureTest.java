package dev.cloudget.tasks.notify;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignatureTest {

    private static final Instant AT = Instant.parse("2026-11-27T12:00:00Z");
    private static final String SECRET = "whsec_test";
    private static final String BODY = "{\"event\":\"task.completed\"}";

    @Test
    void signsTimestampDotBodyWithHmacSha256() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal((AT.getEpochSecond() + "." + BODY)
                .getBytes(StandardCharsets.UTF_8)));

        assertThat(WebhookSignature.header(SECRET, AT, BODY)).isEqualTo("t=" + AT.getEpochSecond() + ",v1=" + expected);
    }

    @Test
    void verifiesWithinTheReplayWindowOnly() {
        String header = WebhookSignature.header(SECRET, AT, BODY);
        Duration window = Duration.ofMinutes(5);

        assertThat(WebhookSignature.verifies(SECRET, header, BODY, AT.plusSeconds(60), window)).isTrue();
        assertThat(WebhookSignature.verifies(SECRET, header, BODY, AT.plusSeconds(301), window)).isFalse();
        assertThat(WebhookSignature.verifies(SECRET, header, BODY + " ", AT, window)).isFalse();
        assertThat(WebhookSignature.verifies("whsec_other", header, BODY, AT, window)).isFalse();
        assertThat(WebhookSignature.verifies(SECRET, "t=abc,v1=00", BODY, AT, window)).isFalse();
    }
}
