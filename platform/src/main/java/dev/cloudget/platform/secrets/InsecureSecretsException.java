package dev.cloudget.platform.secrets;

import java.util.List;

/** The service's secrets are missing or known to everyone: it must not start. */
public class InsecureSecretsException extends RuntimeException {

    private final List<String> problems;

    public InsecureSecretsException(List<String> problems) {
        super("Refusing to start: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
