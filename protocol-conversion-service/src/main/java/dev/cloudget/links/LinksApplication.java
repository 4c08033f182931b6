package dev.cloudget.links;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Protocol conversion: turns whatever link a user pasted into a canonical source, or says why it cannot. */
@SpringBootApplication
public class LinksApplication {

    public static void main(String[] args) {
        SpringApplication.run(LinksApplication.class, args);
    }
}
