package dev.cloudget.distribution;

import dev.cloudget.platform.outbox.OutboxConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import java.time.Clock;

/** Beans shared by the features. */
@Configuration(proxyBeanMethods = false)
@Import(OutboxConfiguration.class)
class DistributionConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
