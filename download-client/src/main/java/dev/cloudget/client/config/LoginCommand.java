package dev.cloudget.client.config;

import com.nimbusds.jwt.SignedJWT;
import dev.cloudget.client.CliFailure;
import dev.cloudget.client.ExitCode;
import dev.cloudget.client.gateway.GatewayApi;
import dev.cloudget.client.gateway.GatewayOptions;
import dev.cloudget.client.terminal.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.concurrent.Callable;

/**
 * {@code cloudget login}: checks a token against the gateway and saves both for every later command. The token comes
 * from {@code --token} (or {@code --user} minting a local one), else from standard input, so that it need not show in
 * the process list or the shell history.
 */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = {"Check a bearer token against the gateway and save gateway and token (file mode 600) in "
                + "$XDG_CONFIG_HOME/cloudget/login.properties (else ~/.config/cloudget/) for every other command.",
                "The token is --token, or read from standard input (e.g. ./cloudget token alice | cloudget login)."})
public final class LoginCommand implements Callable<Integer> {


    @Mixin
    GatewayOptions gateway;

    @Spec
    CommandSpec spec;

    /** Where a token not given as an option is read from: standard input, unless {@link #readingFrom} said otherwise. */
    private InputStream stdin = System.in;

    /** Reads the token from {@code input} instead of standard input (for tests that run in one JVM). */
    public void readingFrom(InputStream input) {
        this.stdin = input;
    }

    @Override
    public Integer call() {
        String token = gateway.explicitToken().orElseGet(this::tokenFromInput);
        GatewayApi api = gateway.api(token);
        // any authenticated read proves the token: the smallest one
        api.tasks(null, 0, 1);
        ClientConfig.Saved saved = gateway.config().write(new ClientConfig.Login(api.base().toString(), token));
        PrintWriter out = spec.commandLine().getOut();
        out.println("logged in to " + api.base() + subjectOf(token) + "; saved in " + saved.file());
        if (!saved.ownerOnly()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("warning: " + saved.file().getParent() + " is not on a POSIX file system: the token file's "
                    + "permissions could not be limited to you; protect it yourself");
            err.flush();
        }
        out.flush();
        return ExitCode.OK;
    }

    private String tokenFromInput() {
        Console console = System.console();
        if (stdin == System.in && console != null && Terminal.isTerminal(console)) {
            char[] typed = console.readPassword("token: ");
            if (typed != null && typed.length > 0) {
                return new String(typed).strip();
            }
        } else {
            try {
                String line = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
                if (line != null && !line.isBlank()) {
                    return line.strip();
                }
            } catch (IOException e) {
                throw new CliFailure("cannot read the token from standard input: " + e.getMessage(), e);
            }
        }
        throw new CliFailure("no token: pass --token, or give it on standard input", ExitCode.USAGE);
    }

    /** " as alice" when the token is a JWT whose subject can be read (not checked here: the gateway did that). */
    private static String subjectOf(String token) {
        try {
            String subject = SignedJWT.parse(token).getJWTClaimsSet().getSubject();
            return subject == null ? "" : " as " + subject;
        } catch (ParseException notAJwt) {
            return "";
        }
    }
}
