package dev.latchkey.adapter.out.persistence.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Each driver gets the store timeout in its own unit, and MySQL's drivers their statement caching. */
class DatasourceTuningTest {

    private final DatasourceTuning tuning = new DatasourceTuning(Duration.ofSeconds(1));

    @Test
    void mySqlAndMariaDbWaitNinetyPercentOfTheStoreTimeoutInMillisecondsAndCacheStatements() {
        for (String url : new String[] {"jdbc:mysql://db:3306/latchkey", "jdbc:mariadb://db:3306/latchkey"}) {
            assertThat(tuning.driverDefaults(url))
                    .containsEntry("connectTimeout", "900").containsEntry("socketTimeout", "900")
                    .containsAllEntriesOf(DatasourceTuning.STATEMENT_CACHING);
        }
    }

    @Test
    void postgreSqlCountsInWholeSecondsRoundedUp() {
        assertThat(tuning.driverDefaults("jdbc:postgresql://db:5432/latchkey"))
                .containsEntry("connectTimeout", "1").containsEntry("socketTimeout", "1")
                .containsEntry("ApplicationName", "latchkey")
                .doesNotContainKey("cachePrepStmts");
        assertThat(new DatasourceTuning(Duration.ofMillis(2500)).driverDefaults("jdbc:postgresql://db/latchkey"))
                .containsEntry("socketTimeout", "3");
    }

    @Test
    void theEmbeddedH2TakesOnlyThePoolsTimeouts() {
        assertThat(tuning.driverDefaults("jdbc:h2:file:./data/latchkey;MODE=MySQL")).isEmpty();
    }
}
