package dev.cloudget.links.classify.web;

import dev.cloudget.contracts.web.GatewayHeaders;
import dev.cloudget.contracts.web.Problems;
import dev.cloudget.links.classify.LinkClassifier;
import dev.cloudget.platform.web.WebPlatformAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(LinksController.class)
@Import(LinkClassifier.class)
@ImportAutoConfiguration(WebPlatformAutoConfiguration.class)
@TestPropertySource(properties = "cloudget.gateway.secret=" + LinksControllerTest.SECRET)
class LinksControllerTest {

    static final String SECRET = "test-gateway-secret-0123456789";

    @Autowired
    MockMvc mvc;

    @Test
    void classifiesALinkForAnotherServiceWithItsCanonicalSource() throws Exception {
        mvc.perform(post("/internal/links").header(dev.cloudget.testsupport.TestSecrets.SERVICE_TOKEN_HEADER, dev.cloudget.testsupport.TestSecrets.tokenFrom("task-management-service", "protocol-conversion-service")).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"link\":\"HTTP://Example.com:80/a/../b#x\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.kind").value("http"))
                .andExpect(jsonPath("$.sourceKey").value("http://example.com/b"))
                .andExpect(jsonPath("$.source.kind").value("http"))
                .andExpect(jsonPath("$.source.url").value("http://example.com/b"));
    }

    @Test
    void answersARejectedLinkWithItsProblemType() throws Exception {
        mvc.perform(post("/internal/links").header(dev.cloudget.testsupport.TestSecrets.SERVICE_TOKEN_HEADER, dev.cloudget.testsupport.TestSecrets.tokenFrom("task-management-service", "protocol-conversion-service")).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"link\":\"gopher://example.com/\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(Problems.UNSUPPORTED_SCHEME.toString()))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("gopher")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://0177.0.0.1/", "http://0x7f.1/"})
    void refusesAnAmbiguousIpv4HostWithItsProblemType(String link) throws Exception {
        mvc.perform(post("/internal/links").header(dev.cloudget.testsupport.TestSecrets.SERVICE_TOKEN_HEADER, dev.cloudget.testsupport.TestSecrets.tokenFrom("task-management-service", "protocol-conversion-service")).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"link\":\"" + link + "\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(Problems.AMBIGUOUS_ADDRESS.toString()))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("127.0.0.1")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/", "http://8.8.8.8/"})
    void classifiesAPlainIpv4HostForTheWorkersGuardToJudge(String link) throws Exception {
        mvc.perform(post("/internal/links").header(dev.cloudget.testsupport.TestSecrets.SERVICE_TOKEN_HEADER, dev.cloudget.testsupport.TestSecrets.tokenFrom("task-management-service", "protocol-conversion-service")).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"link\":\"" + link + "\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.sourceKey").value(link));
    }

    @Test
    void classifiesAMagnetLink() throws Exception {
        mvc.perform(post("/internal/links").header(dev.cloudget.testsupport.TestSecrets.SERVICE_TOKEN_HEADER, dev.cloudget.testsupport.TestSecrets.tokenFrom("task-management-service", "protocol-conversion-service")).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"link\":\"magnet:?xt=urn:btih:C12FE1C06BBA254A9DC9F519B335AA7C1367A88A"
                                + "&dn=a.iso&tr=udp%3A%2F%2Ftracker.example%3A6969\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.kind").value("magnet"))
                .andExpect(jsonPath("$.sourceKey").value("btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a"))
                .andExpect(jsonPath("$.source.kind").value("magnet"))
                .andExpect(jsonPath("$.source.infoHash").value("c12fe1c06bba254a9dc9f519b335aa7c1367a88a"))
                .andExpect(jsonPath("$.source.name").value("a.iso"))
                .andExpect(jsonPath("$.source.trackers[0]").value("udp://tracker.example:6969"));
    }

    @Test
    void classifiesAnEd2kLink() throws Exception {
        mvc.perform(post("/internal/links").header(dev.cloudget.testsupport.TestSecrets.SERVICE_TOKEN_HEADER, dev.cloudget.testsupport.TestSecrets.tokenFrom("task-management-service", "protocol-conversion-service")).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"link\":\"ed2k://|file|My%20File.iso|1024|31D6CFE0D16AE931B73C59D7E0C089C0"
                                + "|s=http://Mirror.example/a.iso|/\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.kind").value("ed2k"))
                .andExpect(jsonPath("$.sourceKey").value("ed2k:31d6cfe0d16ae931b73c59d7e0c089c0"))
                .andExpect(jsonPath("$.source.kind").value("ed2k"))
                .andExpect(jsonPath("$.source.hash").value("31d6cfe0d16ae931b73c59d7e0c089c0"))
                .andExpect(jsonPath("$.source.size").value(1024))
                .andExpect(jsonPath("$.source.name").value("My File.iso"))
                .andExpect(jsonPath("$.source.httpSources[0]").value("http://mirror.example/a.iso"));
    }

    @Test
    void answersAThunderLinkWithTheLinkInside() throws Exception {
        String thunder = "thunder://" + Base64.getEncoder()
                .encodeToString("AAHTTP://Example.com:80/b#xZZ".getBytes(StandardCharsets.UTF_8));
        mvc.perform(post("/internal/links").header(dev.cloudget.testsupport.TestSecrets.SERVICE_TOKEN_HEADER, dev.cloudget.testsupport.TestSecrets.tokenFrom("task-management-service", "protocol-conversion-service")).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"link\":\"" + thunder + "\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.kind").value("http"))
                .andExpect(jsonPath("$.sourceKey").value("http://example.com/b"))
                .andExpect(jsonPath("$.source.url").value("http://example.com/b"));
    }

    @Test
    void answersAnUnusableMagnetWithTheReason() throws Exception {
        mvc.perform(post("/internal/links").header(dev.cloudget.testsupport.TestSecrets.SERVICE_TOKEN_HEADER, dev.cloudget.testsupport.TestSecrets.tokenFrom("task-management-service", "protocol-conversion-service")).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"link\":\"magnet:?dn=nothing\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(Problems.INVALID_LINK.toString()))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("info-hash")));
    }

    @Test
    void answersAnEd2kServerLinkAsAnUnsupportedSource() throws Exception {
        mvc.perform(post("/internal/links").header(dev.cloudget.testsupport.TestSecrets.SERVICE_TOKEN_HEADER, dev.cloudget.testsupport.TestSecrets.tokenFrom("task-management-service", "protocol-conversion-service")).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"link\":\"ed2k://|server|192.0.2.1|4661|/\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(Problems.UNSUPPORTED_SOURCE.toString()));
    }

    @Test
    void servesClientsOnlyWhenTheGatewayVouchesForThem() throws Exception {
        String body = "{\"link\":\"https://example.com/x\"}";
        mvc.perform(post("/api/v1/links").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isUnauthorized());
        mvc.perform(post("/api/v1/links").contentType(MediaType.APPLICATION_JSON).content(body)
                        .header(GatewayHeaders.GATEWAY_SECRET, SECRET)
                        .header(GatewayHeaders.USER_ID, "alice"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.sourceKey").value("https://example.com/x"));
    }
}
