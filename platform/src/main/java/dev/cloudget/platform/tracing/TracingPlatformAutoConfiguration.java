package dev.cloudget.platform.tracing;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** {@link TraceContexts} over the application's tracer, where Micrometer Tracing is configured. */
@AutoConfiguration(afterName = {
        "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
        "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
        "org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration"})
@ConditionalOnClass(Tracer.class)
public class TracingPlatformAutoConfiguration {

    @Bean
    @ConditionalOnBean({Tracer.class, Propagator.class})
    @ConditionalOnMissingBean
    TraceContexts traceContexts(Tracer tracer, Propagator propagator) {
        return new TraceContexts(tracer, propagator);
    }
}
