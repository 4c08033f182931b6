package dev.cloudget.statistics;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** Beans shared by the features. */
@Configuration(proxyBeanMethods = false)
class StatisticsConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
