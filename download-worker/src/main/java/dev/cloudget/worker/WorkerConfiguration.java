package dev.cloudget.worker;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** Beans shared by the worker's features. */
@Configuration(proxyBeanMethods = false)
class WorkerConfiguration {

    @Bean
    WorkerIdentity workerIdentity(WorkerProperties properties, @Value("${server.port:8085}") int serverPort) {
        return WorkerIdentity.of(properties, serverPort);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
