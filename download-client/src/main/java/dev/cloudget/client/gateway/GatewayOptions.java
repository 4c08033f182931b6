package dev.cloudget.client.gateway;

import dev.cloudget.client.CliFailure;
import dev.cloudget.client.ExitCode;
import dev.cloudget.client.config.ClientConfig;
import dev.cloudget.client.token.LocalTokens;
import dev.cloudget.client.token.SecretOption;
import okhttp3.HttpUrl;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Where the gateway is and who we are to it, shared by every command that talks to the cloud. Each comes from the
 * first of: the option, the environment ({@code CLOUDGET_GATEWAY}, {@code CLOUDGET_TOKEN}), the saved login
 * ({@code cloudget login}), and for the gateway the local default.
 */
public final class GatewayOptions {

    public static final String DEFAULT_GATEWAY = "http://127.0.0.1:8080";
    /** A token minted on the fly only has to outlive one command. */
    private static final Duration ON_THE_FLY_TTL = Duration.ofHours(1);

    @Option(names = "--gateway", paramLabel = "URL",
            description = "the cloudget gateway (env CLOUDGET_GATEWAY, else the saved login, else " + DEFAULT_GATEWAY + ")")
    String gateway;

    @Option(names = "--token", paramLabel = "JWT",
            description = "bearer token (env CLOUDGET_TOKEN, else the saved login)")
    String token;

    @Option(names = "--user", paramLabel = "USER", description = "mint a local token for this user (local installs)")
    String user;

    @Option(names = "--proxy", paramLabel = "URL",
            description = "send every connection through this proxy: socks5://HOST:PORT or http://HOST:PORT "
                    + "(env CLOUDGET_PROXY; default: none)")
    String proxy;

    @Option(names = "--config-dir", paramLabel = "DIR", hidden = true,
            description = "where the login is saved (default $XDG_CONFIG_HOME/cloudget or ~/.config/cloudget)")
    Path configDirectory;

    @Mixin
    SecretOption secret;

    private final Map<String, String> environment = System.getenv();

    public ClientConfig config() {
        return configDirectory != null ? new ClientConfig(configDirectory) : ClientConfig.forUser(environment);
    }

    /** The saved login, read once per command (the gateway and the token both come from it). */
    private Optional<ClientConfig.Login> login;

    private Optional<ClientConfig.Login> login() {
        if (login == null) {
            login = config().read();
        }
        return login;
    }

    public HttpUrl gatewayUrl() {
        String chosen = firstOf(gateway, environment.get("CLOUDGET_GATEWAY"),
                login().map(ClientConfig.Login::gateway).orElse(null), DEFAULT_GATEWAY);
        HttpUrl base = HttpUrl.parse(chosen);
        if (base == null) {
            throw new CliFailure("the gateway is not an http(s) URL: " + chosen, ExitCode.USAGE);
        }
        return base;
    }

    /** The token given on this command line ({@code --token}, or minted for {@code --user}), if any. */
    public Optional<String> explicitToken() {
        if (token != null && !token.isBlank()) {
            return Optional.of(token.strip());
        }
        if (user != null) {
            return Optional.of(LocalTokens.mint(user, secret.value(), ON_THE_FLY_TTL, Instant.now()));
        }
        return Optional.empty();
    }

    public GatewayApi api() {
        return api(bearer());
    }

    public GatewayApi api(String bearer) {
        return new GatewayApi(gatewayUrl(), bearer, proxy());
    }

    private Proxy proxy() {
        String chosen = proxy != null ? proxy : environment.get("CLOUDGET_PROXY");
        if (chosen == null || chosen.isBlank()) {
            return Proxy.NO_PROXY;
        }
        URI uri = URI.create(chosen.strip());
        if (uri.getHost() == null || uri.getPort() < 0 || !(uri.getScheme().equals("socks5") || uri.getScheme().equals("http"))) {
            throw new CliFailure("the proxy must be socks5://HOST:PORT or http://HOST:PORT, not " + chosen, ExitCode.USAGE);
        }
        return new Proxy(uri.getScheme().equals("http") ? Proxy.Type.HTTP : Proxy.Type.SOCKS,
                InetSocketAddress.createUnresolved(uri.getHost(), uri.getPort()));
    }

    private String bearer() {
        return explicitToken()
                .or(() -> Optional.ofNullable(environment.get("CLOUDGET_TOKEN")).filter(t -> !t.isBlank()).map(String::strip))
                .or(() -> login().map(ClientConfig.Login::token))
                .orElseThrow(() -> new CliFailure("not logged in: run 'cloudget login', or pass --token, or set "
                        + "CLOUDGET_TOKEN", ExitCode.UNAUTHORIZED));
    }

    private static String firstOf(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        throw new IllegalArgumentException("the last value is the default");
    }
}
