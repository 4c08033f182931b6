package dev.cloudget.platform.web;

import dev.cloudget.contracts.web.GatewayHeaders;
import dev.cloudget.contracts.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Accepts requests only when they carry the gateway's shared secret, and exposes the user id the gateway
 * vouched for as a request attribute ({@link #USER_ATTRIBUTE}). Deny by default: only service-to-service
 * ({@code /internal/**}), probes and API documentation are open, so a new public endpoint cannot be
 * reached around the gateway by accident. Paths are judged decoded ({@code /%61pi} is {@code /api}).
 *
 * <p>Admin data ({@code /api/v1/admin/**}) needs the {@code admin} scope the gateway forwards from the token
 * ({@link GatewayHeaders#SCOPES}): checked here again, so that a route that reaches it by mistake, or a caller that
 * holds the gateway secret and no admin token, is refused with 403.
 *
 * <p>Under the service's anonymous paths ({@code cloudget.gateway.anonymous-paths}, such as storage's capability
 * URLs under {@code /d/}) the request must still come through the gateway, but needs no user: the handler judges
 * the request by what it carries (a signature).
 */
public class GatewayIdentityFilter extends OncePerRequestFilter {

    public static final String USER_ATTRIBUTE = UserId.class.getName();
    private static final String ADMIN_PREFIX = "/api/v1/admin/";
    private static final String ADMIN_SCOPE = "admin";

    private final byte[] secret;
    private final List<String> anonymousPrefixes;

    public GatewayIdentityFilter(String secret) {
        this(secret, List.of());
    }

    /** With a blank {@code secret} (a service with no public API) every filtered request is refused. */
    public GatewayIdentityFilter(String secret, List<String> anonymousPrefixes) {
        if (secret != null && !secret.isBlank() && secret.length() < 16) {
            throw new IllegalArgumentException("cloudget.gateway.secret must be at least 16 characters");
        }
        this.secret = secret == null || secret.isBlank() ? null : secret.getBytes(StandardCharsets.UTF_8);
        this.anonymousPrefixes = anonymousPrefixes.stream().filter(prefix -> !prefix.isBlank()).toList();
        if (this.anonymousPrefixes.stream().anyMatch(prefix -> !prefix.startsWith("/") || !prefix.endsWith("/")
                || prefix.equals("/") || prefix.startsWith("/api/"))) {
            throw new IllegalArgumentException("cloudget.gateway.anonymous-paths must be prefixes such as /d/, "
                    + "outside /api/: " + anonymousPrefixes);
        }
    }

    /** {@code /internal/**} is {@link dev.cloudget.platform.identity.ServiceTokenFilter}'s. */
    private static final List<String> OPEN_PREFIXES =
            List.of("/internal/", "/actuator/", "/v3/api-docs", "/swagger-ui", "/error");

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = FilterProblems.decodedPath(request);
        return OPEN_PREFIXES.stream().anyMatch(path::startsWith) || path.equals("/actuator");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = request.getHeader(GatewayHeaders.GATEWAY_SECRET);
        String user = request.getHeader(GatewayHeaders.USER_ID);
        boolean anonymous = (user == null || user.isBlank()) && isAnonymousPath(request);
        if (secret == null || presented == null || (!anonymous && (user == null || user.isBlank()))
                || !MessageDigest.isEqual(secret, presented.getBytes(StandardCharsets.UTF_8))) {
            FilterProblems.refuse(response, HttpServletResponse.SC_UNAUTHORIZED, Problems.UNAUTHENTICATED,
                    "Unauthenticated", "Requests must come through the gateway with a bearer token");
            return;
        }
        if (!anonymous && isAdminPath(request) && !hasAdminScope(request)) {
            FilterProblems.refuse(response, HttpServletResponse.SC_FORBIDDEN, Problems.FORBIDDEN, "Forbidden",
                    "Admin data needs a token with the admin scope");
            return;
        }
        if (!anonymous) {
            request.setAttribute(USER_ATTRIBUTE, new UserId(user));
        }
        chain.doFilter(request, response);
    }

    private static boolean isAdminPath(HttpServletRequest request) {
        return FilterProblems.decodedPath(request).startsWith(ADMIN_PREFIX);
    }

    private static boolean hasAdminScope(HttpServletRequest request) {
        String scopes = request.getHeader(GatewayHeaders.SCOPES);
        return scopes != null && List.of(scopes.strip().split("\\s+")).contains(ADMIN_SCOPE);
    }

    private boolean isAnonymousPath(HttpServletRequest request) {
        String path = FilterProblems.decodedPath(request);
        return anonymousPrefixes.stream().anyMatch(path::startsWith);
    }
}
