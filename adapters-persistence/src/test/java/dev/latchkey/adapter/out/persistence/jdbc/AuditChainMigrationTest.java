package dev.latchkey.adapter.out.persistence.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.adapter.out.persistence.AuditEventStore;
import dev.latchkey.application.port.in.audit.VerifyAuditChain;
import dev.latchkey.application.port.out.audit.AuditChainLinks;
import dev.latchkey.application.service.audit.AuditChainVerification;
import dev.latchkey.domain.audit.AuditEvent;
import dev.latchkey.domain.audit.AuditEventType;
import io.micronaut.context.ApplicationContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * V14 on a trail that already has events (the embedded default's H2): they stay without a link and are reported as
 * such; the chain starts with the first event after the migration; an unchained row put in later is an insertion.
 */
class AuditChainMigrationTest {

    /** The migration just before V14 (V13 once the other parts of issue 28 are in; V11 before). */
    private static String lastVersionBeforeTheChain() throws Exception {
        try (Stream<Path> files = Files.list(Path.of(AuditChainMigrationTest.class.getResource(
                "/db/migration/mysql").toURI()))) {
            return Integer.toString(files.map(file -> file.getFileName().toString())
                    .map(name -> Integer.parseInt(name.substring(1, name.indexOf("__"))))
                    .filter(version -> version < 14).max(Integer::compare).orElseThrow());
        }
    }

    @Test
    void eventsOlderThanTheChainStayUnchainedAndTheChainStartsAfterThem() throws Exception {
        String url = "jdbc:h2:mem:lk_chain_migration_" + UUID.randomUUID()
                + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1";
        Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration/mysql")
                .target(lastVersionBeforeTheChain()).load().migrate();
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
             Statement statement = connection.createStatement()) {
            for (int i = 0; i < 3; i++) {
                statement.executeUpdate("INSERT INTO audit_events (occurred_at, type, success) VALUES"
                        + " ('2026-11-01 10:00:0" + i + "', 'key.issued', TRUE)");
            }
        }
        try (ApplicationContext context = ApplicationContext.run(Map.of("datasources.default.url", url,
                "datasources.default.username", "sa", "datasources.default.password", "",
                "flyway.datasources.default.enabled", true, TestWebhookSecretBox.ENABLED, true))) {
            AuditEventStore store = context.getBean(AuditEventStore.class);
            AuditChainLinks chain = context.getBean(AuditChainLinks.class);
            store.append(new AuditEvent(0, Instant.parse("2026-12-01T10:00:00Z"), AuditEventType.KEY_REVOKED, true,
                    null, null, null, null, null, "after-v14"));

            VerifyAuditChain.Report report = new AuditChainVerification(chain).verify(VerifyAuditChain.Request.all());
            assertThat(report.intact()).isTrue();
            assertThat(report.unchainedBeforeStart()).isEqualTo(3);
            assertThat(report.checked()).isEqualTo(1);
            assertThat(chain.links(1, 10)).singleElement().satisfies(link ->
                    assertThat(link.event().requestId()).isEqualTo("after-v14"));

            try (Connection connection = DriverManager.getConnection(url, "sa", "");
                 Statement statement = connection.createStatement()) {
                statement.executeUpdate("INSERT INTO audit_events (occurred_at, type, success) VALUES"
                        + " ('2026-11-01 10:00:09', 'key.issued', TRUE)");
            }
            VerifyAuditChain.Report after = new AuditChainVerification(chain).verify(VerifyAuditChain.Request.all());
            assertThat(after.firstBreak().orElseThrow().kind()).isEqualTo(VerifyAuditChain.Breakage.INSERTED);
            assertThat(after.unchainedBeforeStart()).isEqualTo(3);
        }
    }
}
