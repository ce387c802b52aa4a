package dev.latchkey.bootstrap;

import dev.latchkey.application.port.in.users.EnsureBootstrapAdmin;
import dev.latchkey.domain.apikey.ApiKeyToken;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start-up, when {@code LATCHKEY_BOOTSTRAP_ADMIN_KEY} holds a key, makes sure the {@code admin} user owns it
 * with scope {@code admin}. The key is never logged: only its public start.
 */
@Singleton
@Requires(property = "latchkey.bootstrap-admin-key")
@Requires(notEnv = LatchkeyCommand.MIGRATE_ENVIRONMENT)
final class BootstrapAdminOnStartup implements ApplicationEventListener<StartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(BootstrapAdminOnStartup.class);

    private final EnsureBootstrapAdmin ensureBootstrapAdmin;
    private final String bootstrapKey;

    BootstrapAdminOnStartup(EnsureBootstrapAdmin ensureBootstrapAdmin,
                            @Value("${latchkey.bootstrap-admin-key}") String bootstrapKey) {
        this.ensureBootstrapAdmin = ensureBootstrapAdmin;
        this.bootstrapKey = bootstrapKey;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        ApiKeyToken token = ApiKeyToken.parse(bootstrapKey.strip()).orElseThrow(() -> new IllegalStateException(
                "LATCHKEY_BOOTSTRAP_ADMIN_KEY is not a key in the Latchkey format; "
                        + "create one with: java -jar latchkey.jar generate-key"));
        ensureBootstrapAdmin.ensure(token);
        LOG.info("bootstrap admin key {}… is ready", token.start());
    }
}
