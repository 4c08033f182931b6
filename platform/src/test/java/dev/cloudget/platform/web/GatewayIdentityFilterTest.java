package dev.cloudget.platform.web;

import dev.cloudget.contracts.web.GatewayHeaders;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayIdentityFilterTest {

    private static final String SECRET = "unit-test-gateway-secret";

    private final GatewayIdentityFilter filter = new GatewayIdentityFilter(SECRET);

    @Test
    void passesARequestCarryingTheGatewaySecretAndExposesTheUser() throws Exception {
        MockHttpServletRequest request = request("/api/v1/tasks");
        request.addHeader(GatewayHeaders.GATEWAY_SECRET, SECRET);
        request.addHeader(GatewayHeaders.USER_ID, "alice");
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(request, new MockHttpServletResponse(), chain);

        assertThat(chain.getRequest()).isNotNull();
        assertThat(request.getAttribute(GatewayIdentityFilter.USER_ATTRIBUTE)).isEqualTo(new UserId("alice"));
    }

    @Test
    void refusesAWrongSecretAsProblemJson() throws Exception {
        MockHttpServletRequest request = request("/api/v1/tasks");
        request.addHeader(GatewayHeaders.GATEWAY_SECRET, "guessed");
        request.addHeader(GatewayHeaders.USER_ID, "alice");
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(request, response, chain);

        assertThat(chain.getRequest()).isNull();
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getContentAsString()).contains("/problems/unauthenticated");
    }

    @Test
    void judgesTheDecodedPathSoAnEncodedLetterDoesNotSlipPast() throws Exception {
        MockHttpServletRequest request = request("/%61pi/v1/admin/workers");
        MockHttpServletResponse response = new MockHttpServletResponse();

        filter.doFilter(request, response, new MockFilterChain());

        assertThat(response.getStatus()).isEqualTo(401);
    }

    @Test
    void deniesPathsOutsideTheOpenOnesByDefault() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();

        filter.doFilter(request("/something-new"), response, new MockFilterChain());

        assertThat(response.getStatus()).isEqualTo(401);
    }

    @Test
    void leavesServiceToServiceProbesAndApiDocsOpen() throws Exception {
        for (String path : new String[] {"/internal/links", "/actuator/health/readiness", "/v3/api-docs"}) {
            MockFilterChain chain = new MockFilterChain();
            filter.doFilter(request(path), new MockHttpServletResponse(), chain);
            assertThat(chain.getRequest()).as(path).isNotNull();
        }
    }

    private static MockHttpServletRequest request(String uri) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
        request.setRequestURI(uri);
        return request;
    }
}
