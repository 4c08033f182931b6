package dev.cloudget.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.web.util.UrlPathHelper;
import tools.jackson.core.io.JsonStringEncoder;

import java.io.IOException;
import java.net.URI;

/**
 * What the platform's servlet filters share: the request path as handlers see it, decoded ({@code /%61pi} is
 * {@code /api}), and answering a request they refuse with RFC 9457 problem+json — before Spring MVC, whose
 * {@link ProblemDetailsAdvice} answers everything after them.
 */
public final class FilterProblems {

    private static final UrlPathHelper DECODED_PATHS = decodingPathHelper();

    private FilterProblems() {
    }

    private static UrlPathHelper decodingPathHelper() {
        UrlPathHelper helper = new UrlPathHelper();
        helper.setUrlDecode(true);
        helper.setRemoveSemicolonContent(true);
        return helper;
    }

    /** The path within the application, decoded and without {@code ;} parameters. */
    public static String decodedPath(HttpServletRequest request) {
        return DECODED_PATHS.getPathWithinApplication(request);
    }

    public static void refuse(HttpServletResponse response, int status, URI type, String title, String detail)
            throws IOException {
        StringBuilder body = new StringBuilder("{\"type\":\"").append(type).append("\",\"title\":\"");
        JsonStringEncoder.getInstance().quoteAsString(title, body);
        body.append("\",\"status\":").append(status).append(",\"detail\":\"");
        JsonStringEncoder.getInstance().quoteAsString(detail, body);
        body.append("\"}");
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getWriter().write(body.toString());
    }
}
