package dev.cloudget.platform.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Carries a trace across a hop no instrumentation sees: a row written now and acted on later by another thread (an
 * outbox record relayed to Kafka, a job waiting for a worker). {@link #current} gives the W3C {@code traceparent} of
 * the span in scope, to be stored with the row; {@link #continuing} runs the later work in a span of that trace, so
 * that what it sends (a Kafka record, a REST call, both observed) carries the trace on. Both go through Micrometer
 * Tracing's {@link Propagator}: the header's format is the propagator's business.
 */
public class TraceContexts {

    /** No tracing: nothing is stored, the work runs as it is. */
    public static final TraceContexts NONE = new TraceContexts(null, null);

    private static final String TRACEPARENT = "traceparent";

    private final Tracer tracer;
    private final Propagator propagator;

    public TraceContexts(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** The {@code traceparent} of the span in scope on this thread; null when there is none. */
    public String current() {
        if (tracer == null) {
            return null;
        }
        TraceContext context = tracer.currentTraceContext().context();
        if (context == null) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>();
        propagator.inject(context, carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    /**
     * Runs {@code work} in a span named {@code name} of the trace {@code traceparent} names (a child of the span that
     * stored it); without one (null, or no tracing) just runs it.
     */
    public <T> T continuing(String traceparent, String name, Supplier<T> work) {
        if (tracer == null || traceparent == null || traceparent.isBlank()) {
            return work.get();
        }
        Span span = propagator.extract(Map.of(TRACEPARENT, traceparent), Map::get).name(name).start();
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            return work.get();
        } catch (RuntimeException | Error e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }
}
