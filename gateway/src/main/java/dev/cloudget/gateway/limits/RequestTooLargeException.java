package dev.cloudget.gateway.limits;

/** A request body over its route's limit; {@link LimitProblemHandler} answers it. */
class RequestTooLargeException extends RuntimeException {

    private final long limit;

    RequestTooLargeException(long limit) {
        super("request body over " + limit + " bytes", null, false, false);
        this.limit = limit;
    }

    long limit() {
        return limit;
    }
}
