package dev.cloudget.platform.web;

import dev.cloudget.contracts.web.GatewayHeaders;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void letsAnAnonymousPathThroughWithoutAUserButNotWithoutTheGateway() throws Exception {
        GatewayIdentityFilter withCapabilities = new GatewayIdentityFilter(SECRET, List.of("/d/"));
        MockHttpServletRequest viaGateway = request("/d/123/file.iso");
        viaGateway.addHeader(GatewayHeaders.GATEWAY_SECRET, SECRET);
        MockFilterChain passed = new MockFilterChain();
        MockHttpServletResponse direct = new MockHttpServletResponse();
        MockHttpServletResponse apiWithoutUser = new MockHttpServletResponse();
        MockHttpServletRequest api = request("/api/v1/files/123/content");
        api.addHeader(GatewayHeaders.GATEWAY_SECRET, SECRET);

        withCapabilities.doFilter(viaGateway, new MockHttpServletResponse(), passed);
        withCapabilities.doFilter(request("/d/123/file.iso"), direct, new MockFilterChain());
        withCapabilities.doFilter(api, apiWithoutUser, new MockFilterChain());

        assertThat(passed.getRequest()).isNotNull();
        assertThat(viaGateway.getAttribute(GatewayIdentityFilter.USER_ATTRIBUTE)).isNull();
        assertThat(direct.getStatus()).isEqualTo(401);
        assertThat(apiWithoutUser.getStatus()).isEqualTo(401);
    }

    @Test
    void refusesAnAnonymousPathInsideTheApi() {
        assertThatThrownBy(() -> new GatewayIdentityFilter(SECRET, List.of("/api/v1/")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void servesAdminDataOnlyToAnAdminScopedUser() throws Exception {
        MockHttpServletRequest plain = request("/api/v1/admin/stats/summary");
        plain.addHeader(GatewayHeaders.GATEWAY_SECRET, SECRET);
        plain.addHeader(GatewayHeaders.USER_ID, "mallory");
        plain.addHeader(GatewayHeaders.SCOPES, "read administrator");
        MockHttpServletResponse refused = new MockHttpServletResponse();
        filter.doFilter(plain, refused, new MockFilterChain());

        assertThat(refused.getStatus()).isEqualTo(403);
        assertThat(refused.getContentAsString()).contains("/problems/forbidden");

        MockHttpServletRequest admin = request("/api/v1/admin/stats/summary");
        admin.addHeader(GatewayHeaders.GATEWAY_SECRET, SECRET);
        admin.addHeader(GatewayHeaders.USER_ID, "olga");
        admin.addHeader(GatewayHeaders.SCOPES, "read admin");
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(admin, new MockHttpServletResponse(), chain);

        assertThat(chain.getRequest()).isNotNull();
    }

    @Test
    void aServiceWithoutAGatewaySecretRefusesEveryPublicRequest() throws Exception {
        GatewayIdentityFilter noPublicApi = new GatewayIdentityFilter("", List.of());
        MockHttpServletRequest request = request("/api/v1/tasks");
        request.addHeader(GatewayHeaders.GATEWAY_SECRET, "");
        request.addHeader(GatewayHeaders.USER_ID, "alice");
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        noPublicApi.doFilter(request, response, chain);

        assertThat(chain.getRequest()).isNull();
        assertThat(response.getStatus()).isEqualTo(401);
    }

    private static MockHttpServletRequest request(String uri) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
        request.setRequestURI(uri);
        return request;
    }
}
