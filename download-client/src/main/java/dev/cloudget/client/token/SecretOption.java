package dev.cloudget.client.token;

import picocli.CommandLine.Option;

/** The gateway's HS256 secret, for commands that mint a local token. */
public final class SecretOption {

    @Option(names = "--secret", paramLabel = "SECRET",
            defaultValue = "${env:CLOUDGET_JWT_SECRET}",
            description = "HS256 secret shared with the gateway, at least 32 bytes (env CLOUDGET_JWT_SECRET, no "
                    + "default; prefer the variable: arguments show in the process list)")
    String secret;

    public String value() {
        return secret;
    }
}
