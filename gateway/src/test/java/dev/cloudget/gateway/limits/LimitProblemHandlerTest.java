package dev.cloudget.gateway.limits;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

class LimitProblemHandlerTest {

    @Test
    void retriesAfterTheTokensMissingAtTheReplenishRateRoundedUp() {
        assertThat(LimitProblemHandler.retryAfterSeconds(limiter("5", "1", "0"))).isEqualTo(1);
        assertThat(LimitProblemHandler.retryAfterSeconds(limiter("2", "5", "0"))).isEqualTo(3);
        assertThat(LimitProblemHandler.retryAfterSeconds(limiter("1", "60", "10"))).isEqualTo(50);
    }

    @Test
    void retriesAfterASecondWhenTheLimiterSaidNothingUseful() {
        assertThat(LimitProblemHandler.retryAfterSeconds(new HttpHeaders())).isEqualTo(1);
        assertThat(LimitProblemHandler.retryAfterSeconds(limiter("x", "1", "-1"))).isEqualTo(1);
    }

    private static HttpHeaders limiter(String replenishRate, String requestedTokens, String remaining) {
        HttpHeaders headers = new HttpHeaders();
        headers.set("X-RateLimit-Replenish-Rate", replenishRate);
        headers.set("X-RateLimit-Requested-Tokens", requestedTokens);
        headers.set("X-RateLimit-Remaining", remaining);
        return headers;
    }
}
