package dev.cloudget.distribution;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Keeps the farm's registry from heartbeats and hands waiting jobs to the least loaded live worker. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class DistributionApplication {

    public static void main(String[] args) {
        SpringApplication.run(DistributionApplication.class, args);
    }
}
