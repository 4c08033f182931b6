package dev.cloudget.links.classify.web;

import dev.cloudget.contracts.web.GatewayHeaders;
import dev.cloudget.contracts.web.Problems;
import dev.cloudget.links.classify.LinkClassifier;
import dev.cloudget.platform.web.WebPlatformAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

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
        mvc.perform(post("/internal/links").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"link\":\"HTTP://Example.com:80/a/../b#x\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.kind").value("http"))
                .andExpect(jsonPath("$.sourceKey").value("http://example.com/b"))
                .andExpect(jsonPath("$.source.kind").value("http"))
                .andExpect(jsonPath("$.source.url").value("http://example.com/b"));
    }

    @Test
    void answersARejectedLinkWithItsProblemType() throws Exception {
        mvc.perform(post("/internal/links").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"link\":\"gopher://example.com/\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(Problems.UNSUPPORTED_SCHEME.toString()))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("gopher")));
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
