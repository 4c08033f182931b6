package dev.cloudget.platform.web;

import dev.cloudget.platform.identity.ServiceIdentityProperties;
import dev.cloudget.platform.identity.ServiceKeys;
import dev.cloudget.platform.identity.ServiceTokenFilter;
import dev.cloudget.platform.identity.ServiceTokenVerifier;
import dev.cloudget.platform.identity.ServiceTokens;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Problem+json errors, the gateway identity on public paths and the service identity on {@code /internal/**}, for
 * every servlet service.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(ServiceIdentityProperties.class)
@Import(ProblemDetailsAdvice.class)
public class WebPlatformAutoConfiguration {

    /** A service with no public API (the worker) has no gateway secret: every public path refuses. */
    @Bean
    FilterRegistrationBean<GatewayIdentityFilter> gatewayIdentityFilter(
            @Value("${cloudget.gateway.secret:}") String secret,
            @Value("${cloudget.gateway.anonymous-paths:}") List<String> anonymousPaths) {
        FilterRegistrationBean<GatewayIdentityFilter> registration =
                new FilterRegistrationBean<>(new GatewayIdentityFilter(secret, anonymousPaths));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    FilterRegistrationBean<ServiceTokenFilter> serviceTokenFilter(ServiceIdentityProperties properties,
            @Value("${spring.application.name}") String self) {
        ServiceTokenVerifier verifier = new ServiceTokenVerifier(self,
                ServiceKeys.publicKeys(properties.publicKeys()), Clock.systemUTC());
        FilterRegistrationBean<ServiceTokenFilter> registration =
                new FilterRegistrationBean<>(new ServiceTokenFilter(verifier, properties.callers()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /**
     * Body limits per path prefix: {@code cloudget.web.body-limits} over the defaults (1 MB for everything, 64 MB
     * under {@code /internal/}, where a Metalink job's piece hashes travel).
     */
    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(Environment environment) {
        Map<String, DataSize> limits = new HashMap<>(Map.of("/", DataSize.ofMegabytes(1),
                "/internal/", DataSize.ofMegabytes(64)));
        Binder.get(environment).bind("cloudget.web.body-limits", Bindable.mapOf(String.class, DataSize.class))
                .ifBound(limits::putAll);
        FilterRegistrationBean<RequestBodyLimitFilter> registration =
                new FilterRegistrationBean<>(new RequestBodyLimitFilter(limits));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }

    /** For the services that call others' {@code /internal/**}: they have a private key. */
    @Bean
    @ConditionalOnExpression("!'${cloudget.service-identity.private-key:}'.isBlank()")
    ServiceTokens serviceTokens(ServiceIdentityProperties properties,
            @Value("${spring.application.name}") String self) {
        return new ServiceTokens(self, ServiceKeys.privateKey(properties.privateKey()), Clock.systemUTC());
    }

    @Bean
    WebMvcConfigurer userIdArguments() {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new UserIdArgumentResolver());
            }
        };
    }
}
