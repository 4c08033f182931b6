package dev.cloudget.platform.secrets;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Says which secret is wrong and how to set it, instead of a stack trace. */
public class InsecureSecretsFailureAnalyzer extends AbstractFailureAnalyzer<InsecureSecretsException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InsecureSecretsException cause) {
        return new FailureAnalysis(
                "cloudget refuses to start with missing or published secrets:\n  - "
                        + String.join("\n  - ", cause.problems()),
                "Set each variable named above to a random value of your own (for example `openssl rand -base64 48`;"
                        + " service keys: see the README's Security section), the same value in every service that"
                        + " shares it. `./cloudget up` generates them for the local run.",
                cause);
    }
}
