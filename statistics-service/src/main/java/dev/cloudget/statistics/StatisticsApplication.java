package dev.cloudget.statistics;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The statistics server: owns the download reports clients send and the aggregates built from them.
 * {@code POST /api/v1/reports} and {@code GET /api/v1/stats/...} arrive with the statistics issue.
 */
@SpringBootApplication
public class StatisticsApplication {

    public static void main(String[] args) {
        SpringApplication.run(StatisticsApplication.class, args);
    }
}
