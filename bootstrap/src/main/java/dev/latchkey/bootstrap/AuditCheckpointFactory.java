package dev.latchkey.bootstrap;

import dev.latchkey.application.port.out.audit.AuditChainLinks;
import dev.latchkey.application.port.out.store.Leases;
import dev.latchkey.application.port.out.webhooks.WebhookEndpoints;
import dev.latchkey.application.port.out.webhooks.WebhookOutbox;
import dev.latchkey.application.service.audit.AuditCheckpoints;
import dev.latchkey.domain.audit.AuditCheckpoint;
import dev.latchkey.domain.webhook.WebhookEventType;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signed checkpoint of the audit chain's head (docs/audit-chain.md), every
 * {@code latchkey.audit.checkpoint-interval}: signed with the operator's Ed25519 key
 * ({@code latchkey.audit.checkpoint-signing-key}) when one is given, else with HMAC-SHA256 under a key derived from
 * the pepper. Each node looks once a minute (or once an interval, if shorter); the lease lets one take it an interval.
 */
@Factory
class AuditCheckpointFactory {

    private static final Logger LOG = LoggerFactory.getLogger(AuditCheckpointFactory.class);
    private static final Duration LOOK_AT_MOST_EVERY = Duration.ofMinutes(1);

    /** The running schedule; {@link #stop()} ends it. */
    static final class Schedule {

        private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "latchkey-audit-checkpoint");
            thread.setDaemon(true);
            return thread;
        });

        Schedule(AuditCheckpoints checkpoints, WebhookEndpoints endpoints, Duration interval) {
            long every = Math.min(interval.toMillis(), LOOK_AT_MOST_EVERY.toMillis());
            ticker.scheduleWithFixedDelay(() -> {
                try {
                    checkpoints.takeIfDue().ifPresent(taken -> logged(taken, endpoints));
                } catch (RuntimeException e) {
                    LOG.debug("audit: cannot take the checkpoint yet ({})", e.getClass().getName());
                }
            }, every, every, TimeUnit.MILLISECONDS);
        }

        /**
         * The checkpoint in the log too, whole (a second channel: an insider can silence the outbox inside the
         * database, not the log shipped elsewhere); a warning each time no endpoint takes it.
         */
        static void logged(AuditCheckpoint taken, WebhookEndpoints endpoints) {
            LOG.info("audit: checkpoint of the chain announced (audit.checkpoint): sequence={} headEventId={}"
                    + " headHash={} at={} algorithm={} signature={}", taken.sequence(), taken.headEventId(),
                    taken.headHash(), taken.at(), taken.algorithm(), taken.signature());
            if (endpoints.all().stream().noneMatch(endpoint -> endpoint.wants(WebhookEventType.AUDIT_CHECKPOINT))) {
                LOG.warn("audit: no webhook endpoint subscribes to audit.checkpoint: the checkpoints leave the database"
                        + " only through this log (docs/audit-chain.md)");
            }
        }

        void stop() {
            ticker.shutdownNow();
        }
    }

    @Context
    @Requires(notEnv = LatchkeyCommand.MIGRATE_ENVIRONMENT)
    @Bean(preDestroy = "stop")
    Schedule auditCheckpoints(AuditChainLinks chain, WebhookOutbox outbox, WebhookEndpoints endpoints, Leases leases,
                              Pepper pepper, Clock clock,
                              @Value("${latchkey.audit.checkpoint-interval:1h}") Duration interval,
                              @Value("${latchkey.audit.checkpoint-signing-key:}") @Nullable String signingKey) {
        if (interval.isNegative() || interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalStateException("latchkey.audit.checkpoint-interval must be at least 1s");
        }
        AuditCheckpoint.Signer signer = signingKey == null || signingKey.isBlank()
                ? AuditCheckpoint.Signer.hmac(pepper.bytes())
                : AuditCheckpoint.Signer.ed25519(privateKey(signingKey));
        return new Schedule(new AuditCheckpoints(chain, outbox, leases, signer, interval, clock, new SecureRandom()),
                endpoints, interval);
    }

    /**
     * The operator's Ed25519 private key: PKCS#8, base64 or PEM, given in the setting or in the file it names. A
     * mistake says what is wrong, never the key.
     */
    static PrivateKey privateKey(String setting) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der(setting)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("latchkey.audit.checkpoint-signing-key is not an Ed25519 private key in"
                    + " PKCS#8 (base64, PEM, or the path of a PEM file; e.g. openssl genpkey -algorithm ed25519)");
        }
    }

    /** An Ed25519 public key (X.509 SubjectPublicKeyInfo, base64, PEM, or the path of a PEM file). */
    static PublicKey publicKey(String setting) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der(setting)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 public key (base64, PEM, or the path of a PEM file;"
                    + " e.g. openssl pkey -pubout)");
        }
    }

    private static byte[] der(String setting) {
        String text = setting.strip();
        if (!text.startsWith("-----") && text.length() < 4_096 && Files.isRegularFile(Path.of(text))) {
            try {
                text = Files.readString(Path.of(text), StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the key file");
            }
        }
        String base64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(base64);
    }
}
