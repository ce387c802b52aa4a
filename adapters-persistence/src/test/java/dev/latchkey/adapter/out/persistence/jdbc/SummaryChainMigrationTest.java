package dev.latchkey.adapter.out.persistence.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.adapter.out.persistence.VerificationSummaryStore;
import dev.latchkey.application.port.out.audit.SummaryChainLinks;
import dev.latchkey.domain.audit.SummaryChain;
import io.micronaut.context.ApplicationContext;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * V15 on summaries written before it (the embedded default's H2): minutes before the newest one summarised stay
 * without a link and unchecked; the newest one and every later minute are sealed as they end.
 */
class SummaryChainMigrationTest {

    @Test
    void minutesOlderThanTheChainStayUnlinkedAndTheNewestIsSealed() throws Exception {
        String url = "jdbc:h2:mem:lk_summary_chain_migration_" + UUID.randomUUID()
                + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1";
        Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration/mysql").target("14").load()
                .migrate();
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
             Statement statement = connection.createStatement()) {
            for (int i = 0; i < 3; i++) {
                statement.executeUpdate("INSERT INTO verification_summaries (minute_start, key_id, client_ip, outcome,"
                        + " verifications, first_at, last_at) VALUES ('2026-11-01 10:0" + i + ":00', '', '', 'MALFORMED',"
                        + " 2, '2026-11-01 10:0" + i + ":01', '2026-11-01 10:0" + i + ":02')");
            }
        }
        try (ApplicationContext context = ApplicationContext.run(Map.of("datasources.default.url", url,
                "datasources.default.username", "sa", "datasources.default.password", "",
                "flyway.datasources.default.enabled", true, TestWebhookSecretBox.ENABLED, true))) {
            VerificationSummaryStore store = context.getBean(VerificationSummaryStore.class);
            SummaryChainLinks chain = context.getBean(SummaryChainLinks.class);
            assertThat(chain.state().chainedFrom()).isEqualTo(Instant.parse("2026-11-01T10:02:00Z"));

            assertThat(store.seal(Instant.parse("2026-11-01T10:05:00Z"), 1_000)).isEqualTo(1);

            assertThat(chain.links(1, 10)).singleElement().extracting(SummaryChain.Link::minute)
                    .isEqualTo(Instant.parse("2026-11-01T10:02:00Z"));
            assertThat(chain.unlinkedSealedMinute()).isEmpty();
        }
    }
}
