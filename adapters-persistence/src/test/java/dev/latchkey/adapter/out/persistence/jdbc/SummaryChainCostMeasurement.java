package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.persistence.VerificationSummaryStore;
import dev.latchkey.domain.apikey.KeyId;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Not a test: what the summaries' chain costs (docs/audit-chain.md). On each database, {@value #MINUTES} minutes of
 * 100 and of 1,000 summary rows are flushed, then sealed in one call (read each minute's rows, digest, insert its
 * link, under the head lock): µs per link; and a flush of the same rows into a minute not sealed and into one sealed
 * already (which appends an amended link): µs per flush. Run: {@code ./mvnw -B -q verify -pl adapters-persistence -am
 * -Dtest=SummaryChainCostMeasurement -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class SummaryChainCostMeasurement {

    private static final int MINUTES = 20;
    private static final Instant M0 = Instant.parse("2026-11-22T10:00:00Z");

    @RegisterExtension
    static final JdbcStores H2 = JdbcStores.onH2("SummaryChainCost");
    @RegisterExtension
    static final JdbcStores MARIADB = new JdbcStores("SummaryChainCost");
    @RegisterExtension
    static final JdbcStores POSTGRESQL = JdbcStores.onPostgreSql("SummaryChainCost");

    @Test
    void measure() {
        StringBuilder table = new StringBuilder("\n| database | rows a minute | sealing µs/link | flush µs (minute not"
                + " sealed) | flush µs (sealed: amended link) |\n|---|---|---|---|---|\n");
        for (Object[] database : new Object[][] {{"H2 (in memory)", H2}, {"MariaDB", MARIADB},
                {"PostgreSQL", POSTGRESQL}}) {
            JdbcStores stores = (JdbcStores) database[1];
            VerificationSummaryStore store = stores.bean(VerificationSummaryStore.class);
            for (int rows : new int[] {100, 1_000}) {
                double[] figures = null;
                for (int round = 0; round < 3; round++) { // the last of three: the first ones warm up
                    stores.empty();
                    figures = round(store, rows);
                }
                table.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.0f |%n", database[0], rows,
                        figures[0], figures[1], figures[2]));
            }
        }
        System.out.println(table);
    }

    private static double[] round(VerificationSummaryStore store, int rows) {
        for (int m = 0; m < MINUTES; m++) {
            store.addAll(minute(m, rows));
        }
        long began = System.nanoTime();
        store.seal(M0.plusSeconds(60L * MINUTES), 1_000);
        double sealing = (System.nanoTime() - began) / 1_000.0 / MINUTES;
        began = System.nanoTime();
        for (int m = 0; m < MINUTES; m++) {
            store.addAll(minute(MINUTES + 1 + m, rows)); // not sealed
        }
        double unsealedFlush = (System.nanoTime() - began) / 1_000.0 / MINUTES;
        began = System.nanoTime();
        for (int m = 0; m < MINUTES; m++) {
            store.addAll(minute(m, rows)); // sealed: amended
        }
        double amendingFlush = (System.nanoTime() - began) / 1_000.0 / MINUTES;
        return new double[] {sealing, unsealedFlush, amendingFlush};
    }

    private static Map<VerificationSummaryStore.Key, VerificationSummaryStore.Delta> minute(int m, int rows) {
        Instant minute = M0.plusSeconds(60L * m);
        Instant at = minute.plusSeconds(5);
        Map<VerificationSummaryStore.Key, VerificationSummaryStore.Delta> deltas = new HashMap<>();
        for (int r = 0; r < rows; r++) {
            deltas.put(new VerificationSummaryStore.Key(minute, new KeyId("AAAAAAAAAAAA"),
                    "10.0." + (r / 256) + "." + (r % 256), "VALID"),
                    new VerificationSummaryStore.Delta(3, at, at.plusSeconds(20), null));
        }
        return deltas;
    }
}
