package dev.cloudget.platform.identity;

import dev.cloudget.contracts.web.GatewayHeaders;
import dev.cloudget.contracts.web.Problems;
import dev.cloudget.platform.web.FilterProblems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code /internal/**} answers only the services allowed to call it: the request must carry a service token
 * ({@link GatewayHeaders#SERVICE_TOKEN}) that {@link ServiceTokenVerifier} accepts, from a service named for the
 * longest configured path prefix the request's path falls under. No token or an invalid one: 401; a valid token of
 * a service not allowed here (or a path no prefix covers): 403. Both {@code service-unauthorized} problem+json.
 * The caller's name is left in the request attribute {@link #CALLER_ATTRIBUTE}.
 */
public class ServiceTokenFilter extends OncePerRequestFilter {

    public static final String CALLER_ATTRIBUTE = ServiceTokenFilter.class.getName() + ".caller";
    private static final String INTERNAL = "/internal/";
    private static final Logger log = LoggerFactory.getLogger(ServiceTokenFilter.class);

    private final ServiceTokenVerifier verifier;
    /** Longest prefix first. */
    private final List<Map.Entry<String, List<String>>> callers;

    public ServiceTokenFilter(ServiceTokenVerifier verifier, Map<String, List<String>> callers) {
        this.verifier = verifier;
        callers.keySet().forEach(prefix -> {
            if (!prefix.startsWith(INTERNAL)) {
                throw new IllegalArgumentException("cloudget.service-identity.callers: " + prefix
                        + " is not under " + INTERNAL);
            }
        });
        this.callers = callers.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, List<String>> entry) -> entry.getKey().length())
                        .reversed())
                .toList();
    }


    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !FilterProblems.decodedPath(request).startsWith(INTERNAL);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = FilterProblems.decodedPath(request);
        String token = request.getHeader(GatewayHeaders.SERVICE_TOKEN);
        if (token == null || token.isBlank()) {
            refuse(response, HttpServletResponse.SC_UNAUTHORIZED, "Internal endpoints need a service token");
            return;
        }
        String caller;
        try {
            caller = verifier.verify(token.strip());
        } catch (ServiceTokenVerifier.InvalidServiceToken e) {
            log.warn("Refused {} {}: {}", request.getMethod(), path, e.getMessage());
            refuse(response, HttpServletResponse.SC_UNAUTHORIZED, e.getMessage());
            return;
        }
        List<String> allowed = callers.stream()
                .filter(entry -> path.equals(entry.getKey()) || path.startsWith(withSlash(entry.getKey())))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(List.of());
        if (!allowed.contains(caller)) {
            log.warn("Refused {} {} from {}: not one of its callers {}", request.getMethod(), path, caller, allowed);
            refuse(response, HttpServletResponse.SC_FORBIDDEN, caller + " may not call " + path);
            return;
        }
        request.setAttribute(CALLER_ATTRIBUTE, caller);
        chain.doFilter(request, response);
    }

    private static String withSlash(String prefix) {
        return prefix.endsWith("/") ? prefix : prefix + "/";
    }

    private static void refuse(HttpServletResponse response, int status, String detail) throws IOException {
        FilterProblems.refuse(response, status, Problems.SERVICE_UNAUTHORIZED,
                status == HttpServletResponse.SC_UNAUTHORIZED ? "Service credential required" : "Service not allowed",
                detail);
    }

}
