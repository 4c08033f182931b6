package dev.cloudget.platform.identity;

import dev.cloudget.contracts.web.GatewayHeaders;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.security.KeyPair;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceTokenFilterTest {

    private static final KeyPair WORKER = ServiceKeys.generate();
    private static final KeyPair MANAGEMENT = ServiceKeys.generate();

    private final Clock clock = Clock.systemUTC();
    private final ServiceTokenFilter filter = new ServiceTokenFilter(
            new ServiceTokenVerifier("storage-service", ServiceKeys.publicKeys(ServiceKeys.publicKeyList(
                    Map.of("download-worker", WORKER, "task-management-service", MANAGEMENT))), clock),
            Map.of("/internal/contents", List.of("download-worker"),
                    "/internal/files", List.of("task-management-service"),
                    "/internal/files/extend", List.of("task-management-service", "download-worker")));

    private String tokenOf(String name, KeyPair pair) {
        return new ServiceTokens(name, ServiceKeys.privateKey(ServiceKeys.encode(pair.getPrivate())), clock)
                .tokenFor("storage-service");
    }

    @Test
    void letsAnAllowedServiceThroughAndNamesIt() throws Exception {
        MockHttpServletRequest request = request("/internal/contents", tokenOf("download-worker", WORKER));
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(request, new MockHttpServletResponse(), chain);

        assertThat(chain.getRequest()).isNotNull();
        assertThat(request.getAttribute(ServiceTokenFilter.CALLER_ATTRIBUTE)).isEqualTo("download-worker");
    }

    @Test
    void refusesARequestWithoutAToken() throws Exception {
        MockHttpServletResponse response = run(request("/internal/contents", null));

        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getContentAsString()).contains("/problems/service-unauthorized");
    }

    @Test
    void refusesAnotherServicesValidToken() throws Exception {
        MockHttpServletResponse response = run(request("/internal/contents",
                tokenOf("task-management-service", MANAGEMENT)));

        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(response.getContentAsString()).contains("task-management-service may not call /internal/contents");
    }

    @Test
    void theLongestPrefixDecides() throws Exception {
        assertThat(run(request("/internal/files/extend", tokenOf("download-worker", WORKER))).getStatus())
                .isEqualTo(200);
        assertThat(run(request("/internal/files/batch", tokenOf("download-worker", WORKER))).getStatus())
                .isEqualTo(403);
        assertThat(run(request("/internal/files", tokenOf("task-management-service", MANAGEMENT))).getStatus())
                .isEqualTo(200);
        // a prefix is a path segment, not a string prefix
        assertThat(run(request("/internal/contentsX", tokenOf("download-worker", WORKER))).getStatus())
                .isEqualTo(403);
    }

    @Test
    void aPathNoPrefixCoversIsNobodys() throws Exception {
        assertThat(run(request("/internal/drain", tokenOf("download-worker", WORKER))).getStatus()).isEqualTo(403);
    }

    @Test
    void judgesTheDecodedPath() throws Exception {
        assertThat(run(request("/%69nternal/contents", null)).getStatus()).isEqualTo(401);
    }

    @Test
    void leavesPublicPathsToTheGatewayFilter() throws Exception {
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request("/api/v1/files/x", null), new MockHttpServletResponse(), chain);

        assertThat(chain.getRequest()).isNotNull();
    }

    private MockHttpServletResponse run(MockHttpServletRequest request) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        return response;
    }

    private static MockHttpServletRequest request(String uri, String token) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", uri);
        request.setRequestURI(uri);
        if (token != null) {
            request.addHeader(GatewayHeaders.SERVICE_TOKEN, token);
        }
        return request;
    }
}
