package dev.cloudget.seeds;

import dev.cloudget.infra.Databases;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/** Points the context at {@code cloudget_it_seeds}, created afresh once per JVM (not once per context refresh). */
class ItDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    // computed once: each ensure(…, true) drops the database
    static final String URL = Databases.ensure("cloudget_it_seeds", true);

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestPropertyValues.of("spring.datasource.url=" + URL).applyTo(context);
    }
}
