package dev.cloudget.platform.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.net.URI;

/** A failure the client should see as RFC 9457 problem+json with a stable {@code type}. */
public class ProblemException extends ErrorResponseException {

    public ProblemException(HttpStatus status, URI type, String title, String detail) {
        super(status, problem(status, type, title, detail), null);
    }

    private static ProblemDetail problem(HttpStatus status, URI type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(title);
        return problem;
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(HttpStatus.NOT_FOUND, dev.cloudget.contracts.web.Problems.NOT_FOUND,
                "Not found", what + " does not exist");
    }
}
