package dev.latchkey.bootstrap;

import dev.latchkey.domain.apikey.ApiKeyToken;
import dev.latchkey.domain.apikey.KeyPrefix;
import java.security.SecureRandom;

/**
 * The jar's entry point: the command line ({@link LatchkeyCommand}: {@code serve}, the default, {@code generate-key},
 * {@code migrate}, {@code version}). A command that ends exits with its status; {@code serve} leaves the service
 * running.
 */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        LatchkeyCommand.Outcome outcome = LatchkeyCommand.run(args);
        if (!outcome.serving()) {
            System.exit(outcome.exitCode());
        }
    }

    /** A new key in the API format, as {@code generate-key} prints it. */
    static String newKey(KeyPrefix prefix) {
        return ApiKeyToken.generate(prefix, new SecureRandom()).value();
    }
}
