package dev.cloudget.client.gateway;

import dev.cloudget.client.CliFailure;
import dev.cloudget.client.token.LocalTokens;
import dev.cloudget.client.token.SecretOption;
import okhttp3.HttpUrl;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.Instant;

/** Where the gateway is and who we are to it: the options every command that talks to the cloud shares. */
public final class GatewayOptions {

    /** A token minted on the fly only has to outlive one command. */
    private static final Duration ON_THE_FLY_TTL = Duration.ofHours(1);

    @Option(names = "--gateway", paramLabel = "URL", defaultValue = "${env:CLOUDGET_GATEWAY:-http://127.0.0.1:8080}",
            description = "the cloudget gateway (env CLOUDGET_GATEWAY, default ${DEFAULT-VALUE})")
    String gateway;

    @Option(names = "--token", paramLabel = "JWT", defaultValue = "${env:CLOUDGET_TOKEN:-}",
            description = "bearer token (env CLOUDGET_TOKEN); without one, --user mints a local token")
    String token;

    @Option(names = "--user", paramLabel = "USER", description = "mint a local token for this user when no --token is given")
    String user;

    @Mixin
    SecretOption secret;

    public GatewayApi api() {
        HttpUrl base = HttpUrl.parse(gateway);
        if (base == null) {
            throw new CliFailure("--gateway is not an http(s) URL: " + gateway);
        }
        return new GatewayApi(base, bearer());
    }

    private String bearer() {
        if (token != null && !token.isBlank()) {
            return token.strip();
        }
        if (user != null) {
            return LocalTokens.mint(user, secret.value(), ON_THE_FLY_TTL, Instant.now());
        }
        throw new CliFailure("no token: pass --token or set CLOUDGET_TOKEN, or pass --user to mint a local one");
    }
}
