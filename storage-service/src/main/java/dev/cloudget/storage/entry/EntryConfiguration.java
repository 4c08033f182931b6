package dev.cloudget.storage.entry;

import dev.cloudget.contracts.storage.EntryAddresses;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The key capability URLs are checked with (task-management signs them with the same one). */
@Configuration(proxyBeanMethods = false)
class EntryConfiguration {

    @Bean
    EntryAddresses entryAddresses(@Value("${cloudget.entries.signing-key}") String key) {
        return new EntryAddresses(key);
    }
}
