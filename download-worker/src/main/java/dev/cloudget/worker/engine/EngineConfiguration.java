package dev.cloudget.worker.engine;

import dev.cloudget.worker.WorkerProperties;
import dev.cloudget.platform.guard.Allowlist;
import dev.cloudget.platform.guard.DestinationGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The engines and the destination guard they all share. */
@Configuration(proxyBeanMethods = false)
class EngineConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EngineConfiguration.class);

    @Bean
    DestinationGuard destinationGuard(WorkerProperties worker) {
        Allowlist allowlist = Allowlist.parse(worker.allowlist());
        if (!allowlist.isEmpty()) {
            log.warn("Destination allowlist opens non-public addresses: {}", worker.allowlist());
        }
        return new DestinationGuard(allowlist);
    }

    @Bean
    HttpEngine httpEngine(DestinationGuard guard, HttpEngineProperties properties, WorkerProperties worker) {
        return new HttpEngine(guard, properties, worker.scratchDir(), worker.engines(), worker.maxObjectSize().toBytes(),
                worker.stallTimeout());
    }
}
