package dev.cloudget.tasks.remote;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cloudget.contracts.links.ClassifiedLink;
import dev.cloudget.contracts.links.ClassifyLink;
import dev.cloudget.contracts.web.Problems;
import dev.cloudget.platform.web.ProblemException;
import dev.cloudget.tasks.TasksProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import dev.cloudget.platform.identity.ServiceTokens;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.time.Duration;

/**
 * Client of protocol-conversion-service: turns a pasted link into its canonical source and key.
 * A link it refuses is the client's mistake, so its problem {@code type} reaches the client unchanged.
 */
@Component
public class LinkClassifier {

    private final RestClient client;
    private final JsonMapper json;
    /**
     * A link's classification depends on the link and on protocol-conversion's rules alone, so a popular link is
     * classified once, not on every submit. Refusals are not kept. The rules change only with a deployment: ten
     * minutes later every link is classified anew.
     */
    private final Cache<String, ClassifiedLink> classified = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(10))
            .build();

    LinkClassifier(RestClient.Builder builder, ServiceTokens tokens, TasksProperties properties, JsonMapper json) {
        this.client = RemoteCalls.client(builder, tokens, "protocol-conversion-service", properties.protocolConversionUrl(), properties.remoteTimeout());
        this.json = json;
    }

    public ClassifiedLink classify(String link) {
        return classified.get(link, this::ask);
    }

    private ClassifiedLink ask(String link) {
        try {
            return client.post()
                    .uri("/internal/links")
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(new ClassifyLink(link))
                    .retrieve()
                    .onStatus(status -> status.value() == 400, (request, response) -> {
                        RemoteCalls.RemoteProblem problem = RemoteCalls.problemOf(response, json);
                        throw new ProblemException(HttpStatus.BAD_REQUEST,
                                problem.type() == null ? Problems.INVALID_LINK : URI.create(problem.type()),
                                problem.title() == null ? "Invalid link" : problem.title(),
                                problem.detail() == null ? "The link was refused" : problem.detail());
                    })
                    .body(ClassifiedLink.class);
        } catch (RestClientException e) {
            throw RemoteCalls.unavailable("protocol-conversion-service", e);
        }
    }
}
