package dev.cloudget.statistics;

import dev.cloudget.infra.Databases;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/** Points the service at a database of its own on the machine's PostgreSQL, created afresh once per JVM. */
@TestConfiguration(proxyBeanMethods = false)
class StatisticsITInfrastructure {

    // computed once: each ensure(…, true) drops the database
    private static final String DATABASE = Databases.ensure("cloudget_it_statistics", true);

    @Bean
    DynamicPropertyRegistrar database() {
        return registry -> {
            registry.add("spring.datasource.url", () -> DATABASE);
            registry.add("spring.datasource.username", Databases::user);
            registry.add("spring.datasource.password", Databases::password);
        };
    }
}
