package dev.latchkey.adapter.out.persistence.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.adapter.out.persistence.ConnectionLane;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Each driver gets the store timeout in its own unit, as a connect and a statement timeout (stopped by the server),
 * with a read timeout twice as long, and MySQL's drivers their statement caching.
 */
class DatasourceTuningTest {

    private final DatasourceTuning tuning = new DatasourceTuning(Duration.ofSeconds(1));

    @Test
    void mySqlAndMariaDbWaitNinetyPercentOfTheStoreTimeoutInMillisecondsAndCacheStatements() {
        for (String url : new String[] {"jdbc:mysql://db:3306/latchkey", "jdbc:mariadb://db:3306/latchkey"}) {
            assertThat(tuning.driverDefaults(url))
                    .containsEntry("connectTimeout", "900").containsEntry("socketTimeout", "1800")
                    .containsAllEntriesOf(DatasourceTuning.STATEMENT_CACHING);
        }
        assertThat(tuning.driverDefaults("jdbc:mariadb://db:3306/latchkey"))
                .containsEntry("sessionVariables", "max_statement_time=0.9");
        assertThat(tuning.driverDefaults("jdbc:mysql://db:3306/latchkey"))
                .containsEntry("sessionVariables", "innodb_lock_wait_timeout=1");
    }

    @Test
    void postgreSqlCountsInWholeSecondsRoundedUp() {
        assertThat(tuning.driverDefaults("jdbc:postgresql://db:5432/latchkey"))
                .containsEntry("connectTimeout", "1").containsEntry("socketTimeout", "2")
                .containsEntry("options", "-c statement_timeout=900")
                .containsEntry("ApplicationName", "latchkey")
                .doesNotContainKey("cachePrepStmts");
        assertThat(new DatasourceTuning(Duration.ofMillis(2500)).driverDefaults("jdbc:postgresql://db/latchkey"))
                .containsEntry("connectTimeout", "3").containsEntry("socketTimeout", "5");
    }

    @Test
    void theFeedAndTheBackgroundLanesGetTheirOwnTimeBudget() {
        assertThat(tuning.driverDefaults("jdbc:mariadb://db:3306/latchkey", ConnectionLane.FEED))
                .containsEntry("sessionVariables", "max_statement_time=5").containsEntry("socketTimeout", "10000")
                .containsEntry("connectTimeout", "5000");
        assertThat(tuning.driverDefaults("jdbc:postgresql://db:5432/latchkey", ConnectionLane.BACKGROUND))
                .containsEntry("options", "-c statement_timeout=30000").containsEntry("socketTimeout", "60")
                .containsEntry("connectTimeout", "5");
        assertThat(new DatasourceTuning(Duration.ofSeconds(1), Duration.ofSeconds(2))
                .driverDefaults("jdbc:mariadb://db:3306/latchkey", ConnectionLane.FEED))
                .containsEntry("sessionVariables", "max_statement_time=2").containsEntry("socketTimeout", "4000");
    }

    @Test
    void theEmbeddedH2TakesOnlyThePoolsTimeouts() {
        assertThat(tuning.driverDefaults("jdbc:h2:file:./data/latchkey;MODE=MySQL")).isEmpty();
    }
}
