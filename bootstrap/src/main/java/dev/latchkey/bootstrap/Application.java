package dev.latchkey.bootstrap;

import dev.latchkey.domain.apikey.ApiKeyToken;
import dev.latchkey.domain.apikey.KeyPrefix;
import io.micronaut.runtime.Micronaut;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Starts Latchkey. {@code generate-key [--prefix P]} instead prints a new key in the API format and exits,
 * for {@code LATCHKEY_BOOTSTRAP_ADMIN_KEY}.
 */
public final class Application {

    static final String GENERATE_KEY = "generate-key";

    private Application() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && GENERATE_KEY.equals(args[0])) {
            System.out.println(generateKey(Arrays.copyOfRange(args, 1, args.length)));
            return;
        }
        Micronaut.build(args).mainClass(Application.class).banner(false).start();
    }

    static String generateKey(String[] options) {
        KeyPrefix prefix = KeyPrefix.DEFAULT;
        if (options.length == 2 && "--prefix".equals(options[0])) {
            prefix = new KeyPrefix(options[1]);
        } else if (options.length != 0) {
            throw new IllegalArgumentException("usage: " + GENERATE_KEY + " [--prefix PREFIX]");
        }
        return ApiKeyToken.generate(prefix, new SecureRandom()).value();
    }
}
