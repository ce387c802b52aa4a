package dev.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.latchkey.application.port.out.webhooks.WebhookEndpoints;
import dev.latchkey.domain.audit.AuditCheckpoint;
import dev.latchkey.domain.webhook.WebhookEndpoint;
import dev.latchkey.domain.webhook.WebhookEventType;
import dev.latchkey.domain.webhook.WebhookId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A checkpoint goes to the log whole (a second channel), with a warning while no webhook endpoint takes it. */
class AuditCheckpointLogTest {

    private static final class Endpoints implements WebhookEndpoints {

        final List<WebhookEndpoint> all = new ArrayList<>();

        @Override
        public void add(WebhookEndpoint endpoint) {
            all.add(endpoint);
        }

        @Override
        public Optional<WebhookEndpoint> findById(WebhookId id) {
            return Optional.empty();
        }

        @Override
        public List<WebhookEndpoint> all() {
            return all;
        }

        @Override
        public boolean delete(WebhookId id) {
            return false;
        }
    }

    @Test
    void theWholeCheckpointIsLoggedAndAMissingSubscriberIsWarnedOf() {
        AuditCheckpoint checkpoint = AuditCheckpoint.sign(25, 250, "ab".repeat(32),
                Instant.parse("2026-12-07T10:00:00Z"), AuditCheckpoint.Signer.hmac(
                        "log-test-pepper-0123456789abcdef0123".getBytes(StandardCharsets.US_ASCII)));
        Endpoints endpoints = new Endpoints();
        Logger logger = (Logger) LoggerFactory.getLogger(AuditCheckpointFactory.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        Level before = logger.getLevel();
        logger.setLevel(Level.INFO); // the tests' configuration logs warnings only
        try {
            AuditCheckpointFactory.Schedule.logged(checkpoint, endpoints);
            assertThat(log.list).filteredOn(event -> event.getLevel() == Level.INFO).singleElement()
                    .extracting(ILoggingEvent::getFormattedMessage).asString().contains("sequence=25")
                    .contains("headHash=" + "ab".repeat(32)).contains("signature=" + checkpoint.signature());
            assertThat(log.list).filteredOn(event -> event.getLevel() == Level.WARN).singleElement()
                    .extracting(ILoggingEvent::getFormattedMessage).asString().contains("audit.checkpoint");

            log.list.clear();
            endpoints.add(WebhookEndpoint.register("https://archive.example/hooks",
                    Set.of(WebhookEventType.AUDIT_CHECKPOINT), Instant.EPOCH, new Random(7)));
            AuditCheckpointFactory.Schedule.logged(checkpoint, endpoints);
            assertThat(log.list).noneMatch(event -> event.getLevel() == Level.WARN);
        } finally {
            logger.detachAppender(log);
            logger.setLevel(before);
        }
    }
}
