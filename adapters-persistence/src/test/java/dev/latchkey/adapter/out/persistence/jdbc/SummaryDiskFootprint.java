package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.accounting.SummarisedVerificationEvents;
import dev.latchkey.adapter.out.persistence.VerificationSummaryStore;
import dev.latchkey.adapter.out.persistence.testsupport.MySqlTestServer;
import dev.latchkey.adapter.out.persistence.testsupport.PostgreSqlTestServer;
import dev.latchkey.adapter.out.persistence.testsupport.TestDatabase;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.verification.VerificationEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.context.ApplicationContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Not a test: what the Disk target costs. Records {@code minutes} minutes of the worst case, a flood of
 * unknown keys (each a new key id) from as many client addresses, {@code perMinute} distinct combinations a minute
 * (default: the default latchkey.audit.max-summaries-per-minute) plus a few past it, flushing as the service does (every 500 ms
 * of simulated time), into H2 (a file), MariaDB and PostgreSQL, and prints how much the store grew and the bytes per row.
 * Run: {@code java -cp <test classpath> ...SummaryDiskFootprint [h2|mysql|postgresql] [perMinute] [minutes]}.
 */
public final class SummaryDiskFootprint {

    private SummaryDiskFootprint() {
    }

    public static void main(String[] arguments) throws Exception {
        String which = arguments.length > 0 ? arguments[0] : "h2";
        int perMinute = arguments.length > 1 ? Integer.parseInt(arguments[1]) : 20_000;
        int minutes = arguments.length > 2 ? Integer.parseInt(arguments[2]) : 5;
        Path directory = Files.createTempDirectory("latchkey-footprint");
        TestDatabase database = switch (which) {
            case "h2" -> new TestDatabase("jdbc:h2:file:" + directory.resolve("latchkey")
                    + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;WRITE_DELAY=0"
                    + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "", "latchkey");
            case "mysql" -> MySqlTestServer.freshDatabase("footprint");
            case "postgresql" -> PostgreSqlTestServer.freshDatabase("footprint");
            default -> throw new IllegalArgumentException(which);
        };
        Map<String, Object> configuration = new HashMap<>(Map.of("datasources.default.url", database.url(),
                "datasources.default.username", database.user(), "datasources.default.password", database.password(),
                "flyway.datasources.default.enabled", true, TestWebhookSecretBox.ENABLED, true));
        long rows;
        long started = System.nanoTime();
        try (ApplicationContext context = ApplicationContext.run(configuration)) {
            long before = size(which, database, directory);
            AtomicLong now = new AtomicLong(Instant.parse("2026-11-23T10:00:00Z").toEpochMilli());
            Clock clock = new Clock() {
                @Override
                public ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return Instant.ofEpochMilli(now.get());
                }
            };
            SummarisedVerificationEvents events = new SummarisedVerificationEvents(
                    context.getBean(VerificationSummaryStore.class),
                    new SummarisedVerificationEvents.Settings(Duration.ofMillis(500), perMinute),
                    new SimpleMeterRegistry(), clock);
            SecureRandom random = new SecureRandom();
            int perMinuteSent = perMinute + perMinute / 100; // 1 % past the budget: the overflow rows too
            int perFlush = perMinuteSent / 120;
            for (int i = 0; i < perMinuteSent * minutes; i++) {
                Instant at = Instant.ofEpochMilli(now.get());
                String address = (random.nextInt(223) + 1) + "." + random.nextInt(256) + "." + random.nextInt(256)
                        + "." + random.nextInt(256);
                events.record(new VerificationEvent(at, keyId(random), null, "NOT_FOUND", address, null,
                        "/v1/auth", null));
                if (i % perFlush == perFlush - 1) {
                    now.addAndGet(500);
                    events.flush();
                }
            }
            events.close();
            rows = count(database);
            long after = size(which, database, directory);
            report(which, "open", rows, before, after, started);
            if (!which.equals("h2")) {
                return;
            }
        }
        long closed = size(which, database, directory);
        report(which, "closed (compacted on close)", rows, 0, closed, started);
    }

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private static KeyId keyId(SecureRandom random) {
        char[] id = new char[KeyId.LENGTH];
        for (int i = 0; i < id.length; i++) {
            id[i] = BASE62.charAt(random.nextInt(BASE62.length()));
        }
        return new KeyId(new String(id));
    }

    private static void report(String which, String when, long rows, long before, long after, long started) {
        System.out.printf("%s %s: %,d rows, store grew %,d bytes (%.1f MB), %.0f bytes/row, %.0f s%n", which, when,
                rows, after - before, (after - before) / 1e6, (after - before) / (double) rows,
                (System.nanoTime() - started) / 1e9);
    }

    private static long count(TestDatabase database) throws Exception {
        try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT COUNT(*) FROM verification_summaries")) {
            result.next();
            return result.getLong(1);
        }
    }

    private static long size(String which, TestDatabase database, Path directory) throws Exception {
        if (which.equals("h2")) {
            try (var files = Files.list(directory)) {
                return files.mapToLong(file -> file.toFile().length()).sum();
            }
        }
        try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
             Statement statement = connection.createStatement()) {
            if (which.equals("mysql")) {
                statement.execute("ANALYZE TABLE verification_summaries");
                try (ResultSet result = statement.executeQuery("SELECT data_length + index_length + data_free"
                        + " FROM information_schema.tables WHERE table_schema = DATABASE()"
                        + " AND table_name = 'verification_summaries'")) {
                    result.next();
                    return result.getLong(1);
                }
            }
            try (ResultSet result = statement.executeQuery(
                    "SELECT pg_total_relation_size('verification_summaries')")) {
                result.next();
                return result.getLong(1);
            }
        }
    }
}
