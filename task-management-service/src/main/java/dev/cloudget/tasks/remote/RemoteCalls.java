package dev.cloudget.tasks.remote;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.cloudget.contracts.web.Problems;
import dev.cloudget.platform.identity.ServiceTokens;
import dev.cloudget.platform.web.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

/** What the clients of other cloudget services share: timeouts, and reading the problems they answer with. */
final class RemoteCalls {

    private static final Logger log = LoggerFactory.getLogger(RemoteCalls.class);

    private RemoteCalls() {
    }

    /** A client of {@code service}'s {@code /internal/**} at {@code baseUrl}, carrying this service's token for it. */
    static RestClient client(RestClient.Builder builder, ServiceTokens tokens, String service, URI baseUrl,
            Duration timeout) {
        // HTTP/1.1 on purpose: the services speak plain HTTP on loopback or a cluster network, no h2c upgrade
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http);
        factory.setReadTimeout(timeout);
        return builder.baseUrl(baseUrl.toString()).requestFactory(factory)
                .requestInterceptor(tokens.authenticatingTo(service))
                .build();
    }

    static RemoteProblem problemOf(ClientHttpResponse response, JsonMapper json) {
        try {
            return json.readValue(response.getBody().readAllBytes(), RemoteProblem.class);
        } catch (IOException | RuntimeException unreadable) {
            return new RemoteProblem(null, null, null);
        }
    }

    /**
     * 503 for a caller: which service did not answer, not how (addresses and exception text go to the log only).
     */
    static ProblemException unavailable(String service, Exception cause) {
        log.warn("{} did not answer as expected", service, cause);
        return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, Problems.UPSTREAM_UNAVAILABLE,
                "Upstream unavailable", service + " did not answer as expected; try again shortly");
    }

    /** The parts of an RFC 9457 body that are relayed. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record RemoteProblem(String type, String title, String detail) {
    }
}
