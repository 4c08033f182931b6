package dev.cloudget.storage;

import dev.cloudget.platform.outbox.OutboxConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.context.annotation.Import;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

import java.time.Clock;

/** Cloud storage: content-addressed objects, retention, and entry addresses users download from with Range. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
@Import(OutboxConfiguration.class)
public class StorageApplication {

    public static void main(String[] args) {
        SpringApplication.run(StorageApplication.class, args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
