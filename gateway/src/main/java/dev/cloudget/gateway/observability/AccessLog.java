package dev.cloudget.gateway.observability;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.stereotype.Component;

/**
 * One INFO line per request, when its exchange ends (after error handling chose the status, or when the client went
 * away): method, path without the query (a capability URL's signature stays out of the log), status, duration and
 * the trace id. Logger {@code dev.cloudget.gateway.access}, which a deployment can route or silence on its own.
 * It hangs on the server request observation, which Spring WebFlux runs around the whole exchange, so the trace id is
 * the one the gateway continued (an incoming {@code traceparent}) or started, and the one the routed service sees.
 */
@Component
class AccessLog implements ObservationHandler<ServerRequestObservationContext> {

    private static final Logger log = LoggerFactory.getLogger("dev.cloudget.gateway.access");

    private record Started(long nanos) {
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
        return context instanceof ServerRequestObservationContext;
    }

    @Override
    public void onStart(ServerRequestObservationContext context) {
        context.put(Started.class, new Started(System.nanoTime()));
    }

    @Override
    public void onStop(ServerRequestObservationContext context) {
        if (!log.isInfoEnabled()) {
            return;
        }
        Started started = context.get(Started.class);
        long millis = started == null ? -1 : (System.nanoTime() - started.nanos()) / 1_000_000;
        HttpStatusCode status = context.getResponse() == null ? null : context.getResponse().getStatusCode();
        String traceId = traceIdOf(context);
        String method = context.getCarrier().getMethod().name();
        String path = context.getCarrier().getPath().value();
        // the trace id in the MDC too, as on the services' lines: structured (JSON) logs carry it as a field
        try (MDC.MDCCloseable trace = MDC.putCloseable("traceId", traceId)) {
            log.info("{} {} {} {} ms trace={}", method, path, status == null ? "-" : status.value(), millis,
                    traceId == null ? "-" : traceId);
        }
    }

    private static String traceIdOf(Observation.Context context) {
        TracingObservationHandler.TracingContext tracing = context.get(TracingObservationHandler.TracingContext.class);
        Span span = tracing == null ? null : tracing.getSpan();
        return span == null ? null : span.context().traceId();
    }
}
