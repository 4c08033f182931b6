package dev.cloudget.platform.web;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

import java.io.IOException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestBodyLimitFilterTest {

    private final RequestBodyLimitFilter filter = new RequestBodyLimitFilter(Map.of(
            "/", DataSize.ofKilobytes(1),
            "/internal/", DataSize.ofKilobytes(64),
            "/api/v1/tasks", DataSize.ofKilobytes(8)));

    @Test
    void refusesADeclaredLengthOverTheLimitBeforeAnythingReadsIt() throws Exception {
        MockHttpServletRequest request = request("/api/v1/files", new byte[2048]);
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(request, response, chain);

        assertThat(chain.getRequest()).isNull();
        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getContentAsString()).contains("/problems/request-too-large").contains("1024 bytes");
    }

    @Test
    void theLongestPrefixDecides() {
        assertThat(filter.limitOf("/api/v1/tasks/123")).isEqualTo(8 * 1024);
        assertThat(filter.limitOf("/internal/jobs")).isEqualTo(64 * 1024);
        assertThat(filter.limitOf("/api/v1/stats")).isEqualTo(1024);
    }

    @Test
    void cutsOffABodyOfUndeclaredLengthOnceItPassesTheLimit() throws Exception {
        MockHttpServletRequest undeclared = new MockHttpServletRequest("POST", "/api/v1/files") {
            @Override
            public long getContentLengthLong() {
                return -1;
            }
        };
        undeclared.setRequestURI("/api/v1/files");
        undeclared.setContent(new byte[4096]);
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(undeclared, new MockHttpServletResponse(), chain);

        assertThatThrownBy(() -> chain.getRequest().getInputStream().readAllBytes())
                .isInstanceOf(RequestBodyLimitFilter.BodyTooLargeException.class);
    }

    @Test
    void passesABodyWithinTheLimit() throws Exception {
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(request("/internal/jobs", new byte[4096]), new MockHttpServletResponse(), chain);

        assertThat(chain.getRequest()).isNotNull();
    }

    private static MockHttpServletRequest request(String uri, byte[] body) throws IOException {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", uri);
        request.setRequestURI(uri);
        request.setContent(body);
        return request;
    }
}
