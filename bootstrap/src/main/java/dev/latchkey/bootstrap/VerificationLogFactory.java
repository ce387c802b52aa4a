package dev.latchkey.bootstrap;

import dev.latchkey.adapter.out.accounting.verificationlog.VerificationLog;
import dev.latchkey.adapter.out.accounting.verificationlog.VerificationLogTarget;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;
import java.time.Duration;

/**
 * The optional verification log ({@code LATCHKEY_VERIFICATION_LOG=off|stdout|file:/path}, default off): created
 * with the application, so that a bad setting or a file that cannot be opened stops the start with one line naming
 * it; closed when the application stops (after the server stopped taking requests), writing everything queued.
 */
@Factory
class VerificationLogFactory {

    /** The longest a written line waits in the writer's buffer. */
    static final Duration FLUSH_INTERVAL = Duration.ofMillis(500);

    @Context
    @Requires(notEnv = LatchkeyCommand.MIGRATE_ENVIRONMENT)
    @Requires(condition = LogOn.class)
    @Bean(preDestroy = "close")
    VerificationLog verificationLog(@Value("${" + VerificationLogTarget.PROPERTY + "}") String setting,
                                    @Value("${" + VerificationLogTarget.PROPERTY + "-queue-capacity:65536}") int capacity,
                                    MeterRegistry registry) {
        return VerificationLog.to(VerificationLogTarget.parse(setting),
                new VerificationLog.Settings(capacity, FLUSH_INTERVAL), registry);
    }

    /** Whether {@code latchkey.verification-log} is set to anything but off (a wrong value then fails the start). */
    public static final class LogOn implements Condition {

        @Override
        public boolean matches(ConditionContext context) {
            return !VerificationLogTarget.isOff(context.getProperty(VerificationLogTarget.PROPERTY, String.class)
                    .orElse(null));
        }
    }
}
