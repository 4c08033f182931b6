package dev.cloudget.distribution;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** Beans shared by the features. */
@Configuration(proxyBeanMethods = false)
class DistributionConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
