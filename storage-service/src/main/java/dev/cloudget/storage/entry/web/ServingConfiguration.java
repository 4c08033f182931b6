package dev.cloudget.storage.entry.web;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/**
 * Socket writes sized for streaming files. Tomcat writes a response through each connection's socket write buffer
 * (8 KiB by default), so a proxied gigabyte took 131,072 {@code write} calls; with {@value #WRITE_BUFFER_KIB} KiB
 * it takes an eighth of them. The buffer is per connection, hence not larger.
 */
@Configuration(proxyBeanMethods = false)
class ServingConfiguration {

    static final int WRITE_BUFFER_KIB = 64;

    @Bean
    TomcatConnectorCustomizer largeSocketWrites() {
        return connector -> connector.setProperty("socket.appWriteBufSize",
                Long.toString(DataSize.ofKilobytes(WRITE_BUFFER_KIB).toBytes()));
    }
}
