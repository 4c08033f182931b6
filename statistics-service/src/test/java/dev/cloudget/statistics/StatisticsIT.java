package dev.cloudget.statistics;

import dev.cloudget.contracts.Topics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The one Spring context of this module's integration tests: the service on a random port against its real
 * PostgreSQL database and a real Kafka broker (KRaft, in the JVM). Every IT class carries exactly this annotation
 * and nothing that changes the configuration, so they all share the context through the context cache.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = {StatisticsApplication.class, StatisticsITInfrastructure.class},
        properties = {
                "cloudget.gateway.secret=" + StatisticsITSupport.GATEWAY_SECRET,
                "cloudget.statistics.reports.rate-limit=" + StatisticsITSupport.RATE_LIMIT,
                "cloudget.statistics.reports.rate-window=PT1M"})
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers", topics = {
        Topics.TASK_SETTLED, Topics.JOB_COMPLETED, Topics.JOB_FAILED,
        Topics.TASK_SETTLED + Topics.DEAD_LETTER_SUFFIX})
public @interface StatisticsIT {
}
