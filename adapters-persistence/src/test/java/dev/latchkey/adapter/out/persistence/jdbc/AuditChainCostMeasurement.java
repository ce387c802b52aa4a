package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.persistence.AuditEventStore;
import dev.latchkey.application.port.out.store.Transactions;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.audit.AuditEvent;
import dev.latchkey.domain.audit.AuditEventType;
import dev.latchkey.domain.user.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Not a test (not in the suite: surefire runs *Test only): what the audit chain costs a change (docs/audit-chain.md). On each database, {@value #CHANGES} changes,
 * each a transaction that writes its audit event: through the store (chained: lock the head, hash, insert, move the
 * head) or as the plain insert of before V14; with 1 and with 4 writers. Prints µs per change (wall time / changes).
 * Run: {@code ./mvnw -B -q verify -pl adapters-persistence -am -Dtest=AuditChainCostMeasurement
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class AuditChainCostMeasurement {

    private static final int CHANGES = 4_000;
    private static final int WARM_UP = 500;

    @RegisterExtension
    static final JdbcStores H2 = JdbcStores.onH2("ChainCost");
    @RegisterExtension
    static final JdbcStores MARIADB = new JdbcStores("ChainCost");
    @RegisterExtension
    static final JdbcStores POSTGRESQL = JdbcStores.onPostgreSql("ChainCost");

    @Test
    void measure() throws Exception {
        StringBuilder table = new StringBuilder("\n| database | writers | plain insert µs/change | chained µs/change |"
                + " chain's cost µs/change |\n|---|---|---|---|---|\n");
        for (Object[] database : new Object[][] {{"H2 (in memory)", H2}, {"MariaDB", MARIADB},
                {"PostgreSQL", POSTGRESQL}}) {
            JdbcStores stores = (JdbcStores) database[1];
            for (int writers : new int[] {1, 4}) {
                stores.empty();
                run(stores, writers, WARM_UP, false);
                run(stores, writers, WARM_UP, true);
                double plain = run(stores, writers, CHANGES, false);
                double chained = run(stores, writers, CHANGES, true);
                table.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.0f |%n", database[0], writers,
                        plain, chained, chained - plain));
            }
        }
        System.out.println(table);
    }

    /** µs of wall time per change, {@code changes} changes spread over {@code writers} threads. */
    private static double run(JdbcStores stores, int writers, int changes, boolean chained) throws Exception {
        Transactions transactions = stores.bean(Transactions.class);
        AuditEventStore store = stores.bean(AuditEventStore.class);
        StoreSql db = stores.bean(StoreSql.class);
        ExecutorService threads = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            done.add(threads.submit(() -> {
                start.await();
                for (int i = 0; i < changes / writers; i++) {
                    AuditEvent event = new AuditEvent(0, Instant.now(), AuditEventType.KEY_UPDATED, true, null,
                            new KeyId("AAAAAAAAAAAA"), new UserId("01a20500-14f8-749d-b734-6677a3055c10"),
                            new KeyId("BBBBBBBBBBBB"), "203.0.113.9", "req-measure");
                    transactions.inTransaction(() -> {
                        if (chained) {
                            store.append(event);
                        } else {
                            db.jdbc().prepareStatement("INSERT INTO audit_events (occurred_at, type, success, key_id,"
                                    + " user_id, actor_key_id, client_ip, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                    statement -> {
                                        statement.setObject(1, RowMapping.toUtc(event.at()));
                                        statement.setString(2, event.type().wireName());
                                        statement.setBoolean(3, true);
                                        statement.setString(4, event.keyId().value());
                                        statement.setString(5, event.userId().value());
                                        statement.setString(6, event.actorKeyId().value());
                                        statement.setString(7, event.clientIp());
                                        statement.setString(8, event.requestId());
                                        return statement.executeUpdate();
                                    });
                        }
                    });
                }
                return null;
            }));
        }
        long began = System.nanoTime();
        start.countDown();
        for (Future<?> future : done) {
            future.get(10, TimeUnit.MINUTES);
        }
        long took = System.nanoTime() - began;
        threads.shutdownNow();
        return took / 1_000.0 / changes;
    }
}
