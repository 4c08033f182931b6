package dev.cloudget.statistics;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The statistics server: stores the download reports clients send ({@code downloads}) and what the farm did with
 * each task and job, from its Kafka events ({@code farm}), and serves figures built from both ({@code figures}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class StatisticsApplication {

    public static void main(String[] args) {
        SpringApplication.run(StatisticsApplication.class, args);
    }
}
