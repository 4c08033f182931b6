package dev.cloudget.platform.web;

import dev.cloudget.contracts.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Refuses request bodies larger than the path's limit before anything parses them: {@code 413 request-too-large}
 * at once for a declared {@code Content-Length}, and for a body without one (chunked) as soon as the count passes the
 * limit — the reader gets {@link BodyTooLargeException}, which {@link ProblemDetailsAdvice} answers with the same 413.
 * Limits are per path prefix ({@code cloudget.web.body-limits}), the longest prefix deciding; the gateway limits the
 * public routes too, this holds for whoever reaches the service.
 */
public class RequestBodyLimitFilter extends OncePerRequestFilter {

    /** Longest prefix first. */
    private final List<Map.Entry<String, DataSize>> limits;

    public RequestBodyLimitFilter(Map<String, DataSize> limits) {
        if (!limits.containsKey("/")) {
            throw new IllegalArgumentException("cloudget.web.body-limits needs a limit for /");
        }
        this.limits = limits.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, DataSize> entry) -> entry.getKey().length())
                        .reversed())
                .toList();
    }

    /** Thrown to whoever reads past the limit of a body that did not declare its length. */
    public static final class BodyTooLargeException extends IOException {
        BodyTooLargeException(long limit) {
            super("The request body is larger than the " + limit + " bytes accepted here");
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = limitOf(FilterProblems.decodedPath(request));
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            response.setHeader("Connection", "close");
            FilterProblems.refuse(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                    Problems.REQUEST_TOO_LARGE, "Request too large",
                    "The request body is larger than the " + limit + " bytes accepted here");
            return;
        }
        chain.doFilter(declared >= 0 ? request : new Limited(request, limit), response);
    }

    long limitOf(String path) {
        return limits.stream()
                .filter(entry -> path.startsWith(entry.getKey()))
                .findFirst()
                .map(entry -> entry.getValue().toBytes())
                .orElseThrow();
    }

    private static final class Limited extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counting(super.getInputStream(), limit);
            }
            return stream;
        }
    }

    private static final class Counting extends ServletInputStream {

        private final ServletInputStream in;
        private final long limit;
        private long count;

        Counting(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = in.read(buffer, offset, length);
            if (read > 0) {
                counted(read);
            }
            return read;
        }

        private void counted(int bytes) throws BodyTooLargeException {
            count += bytes;
            if (count > limit) {
                throw new BodyTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
