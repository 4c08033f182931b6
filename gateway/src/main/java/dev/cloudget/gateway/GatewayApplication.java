package dev.cloudget.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The one public entry: authenticates bearer JWTs, replaces any identity a client claims with the
 * one its token proves, and routes {@code /api/**} to the services. Bodies stream through.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

    /**
     * Netty's pooled allocator rather than 4.2's default adaptive one, unless the deployment chose: proxying
     * downloads, the adaptive allocator kept allocating (and zeroing) fresh native memory — a fifth of the gateway's
     * samples — and the pooled one reuses its arenas; downloads through the gateway went from ~620 to ~750 MiB/s.
     * Netty reads the property once, when its allocator is first loaded, so it is set before anything starts.
     */
    static final String NETTY_ALLOCATOR = "io.netty.allocator.type";

    public static void main(String[] args) {
        if (System.getProperty(NETTY_ALLOCATOR) == null) {
            System.setProperty(NETTY_ALLOCATOR, "pooled");
        }
        SpringApplication.run(GatewayApplication.class, args);
    }
}
