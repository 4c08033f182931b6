package dev.cloudget.tasks;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A webhook whose host is an IPv4 address written so that programs read it differently is refused at submit, before
 * the guard's browser-like reading would ever be needed. (Links are refused so by protocol-conversion-service, which
 * {@link FakeServices} stands in for here; see its own tests.)
 */
class AmbiguousAddressIT extends TaskManagementIntegrationTest {

    @ParameterizedTest
    @ValueSource(strings = {"http://0177.0.0.1/hook", "http://0x7f.1/hook", "http://2130706433/hook",
            "https://010.8.8.8/hook"})
    void refusesAnAmbiguousCallbackAddressAtSubmit(String callbackUrl) {
        Api.Reply refused = submitWithCallback(callbackUrl);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.contentType()).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(refused.text("type")).endsWith("/ambiguous-address");
        assertThat(refused.text("detail")).contains("callbackUrl", "a.b.c.d");
    }

    @Test
    void stillRefusesAPlainPrivateAddressAsBlockedAndTakesAPublicOne() {
        // the tests allowlist 127.0.0.0/8 for their own receivers, so the private address is a 10/8 one
        Api.Reply blocked = submitWithCallback("http://10.0.0.1/hook");
        assertThat(blocked.status()).isEqualTo(400);
        assertThat(blocked.text("type")).endsWith("/blocked-address");

        assertThat(submitWithCallback("http://8.8.8.8/hook").status()).isEqualTo(201);
    }

    private Api.Reply submitWithCallback(String callbackUrl) {
        return api.submit(newUser("hooked"), json.writeValueAsString(Map.of("source", newLink(),
                "callbackUrl", callbackUrl)));
    }
}
