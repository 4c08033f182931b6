package dev.cloudget.platform.secrets;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/** Every service, servlet or reactive, checks its secrets before it creates anything ({@link SecretsCheck}). */
@AutoConfiguration
public class SecretsAutoConfiguration {

    @Bean
    static SecretsCheck secretsCheck() {
        return new SecretsCheck();
    }
}
