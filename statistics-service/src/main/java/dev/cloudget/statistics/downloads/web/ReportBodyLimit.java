package dev.cloudget.statistics.downloads.web;

import dev.cloudget.contracts.web.Problems;
import dev.cloudget.platform.web.ProblemException;
import dev.cloudget.statistics.StatisticsProperties;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;

/**
 * Reads at most {@code cloudget.statistics.reports.max-body-size} of a report body and refuses a larger one with
 * 413, before the JSON reader sees a byte: by its declared length when it has one, else by what arrives.
 */
@ControllerAdvice(assignableTypes = ReportController.class)
class ReportBodyLimit extends RequestBodyAdviceAdapter {

    private final int maxBytes;

    ReportBodyLimit(StatisticsProperties properties) {
        this.maxBytes = Math.toIntExact(properties.reports().maxBodySize().toBytes());
    }

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        return targetType == ReportRequest.class;
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage input, MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
        if (input.getHeaders().getContentLength() > maxBytes) {
            throw tooLarge();
        }
        byte[] body = input.getBody().readNBytes(maxBytes + 1);
        if (body.length > maxBytes) {
            throw tooLarge();
        }
        HttpHeaders headers = input.getHeaders();
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(body);
            }

            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }
        };
    }

    private ProblemException tooLarge() {
        return new ProblemException(HttpStatus.CONTENT_TOO_LARGE, Problems.REPORT_TOO_LARGE, "Report too large",
                "A report body may have at most " + maxBytes + " bytes");
    }
}
