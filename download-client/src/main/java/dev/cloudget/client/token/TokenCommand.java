package dev.cloudget.client.token;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@code cloudget token}: how a local user gets a bearer token. Prints only the token, for {@code $(…)}. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Mint a bearer token for a local user, signed with the gateway's HS256 secret.")
public final class TokenCommand implements Runnable {

    @Option(names = "--user", paramLabel = "USER", required = true, description = "the user id (the token's subject)")
    String user;

    @Mixin
    SecretOption secret;

    @Option(names = "--ttl", defaultValue = "12h", converter = DurationConverter.class,
            description = "how long the token is valid, at most 1d (default ${DEFAULT-VALUE}; e.g. 30m, 12h, 1d)")
    Duration ttl;

    @Option(names = "--scope", paramLabel = "SCOPE", split = ",",
            description = "a scope to grant, repeatable (admin: the farm view at /api/v1/admin/workers)")
    List<String> scopes = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getOut().println(LocalTokens.mint(user, secret.value(), ttl, Instant.now(), scopes));
    }
}
