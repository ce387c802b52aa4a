package dev.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.adapter.in.http.Api;
import dev.latchkey.adapter.out.persistence.testsupport.MySqlTestServer;
import dev.latchkey.adapter.out.persistence.testsupport.TestDatabase;
import dev.latchkey.adapter.out.persistence.testsupport.TestServer;
import dev.latchkey.domain.apikey.ApiKeyToken;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The packaged jar as a newcomer and an operator run it: embedded by default, MySQL or PostgreSQL by environment.
 */
class LatchkeyJarIT {

    @Test
    void startsOnTheEmbeddedDatabaseAndLosesNothingToAKill9(@TempDir Path workDir) throws Exception {
        String adminKey = RunningJar.generateKey();
        assertThat(ApiKeyToken.parse(adminKey)).as("generate-key prints a key").isPresent();
        Map<String, String> env = Map.of("LATCHKEY_BOOTSTRAP_ADMIN_KEY", adminKey);
        String[] admin = {"X-API-Key", adminKey};

        RunningJar first = RunningJar.start(workDir, env);
        String userId = (String) first.api.post("/v1/users", "{\"name\":\"Ada\",\"externalId\":\"crm-1\"}", admin)
                .field("id");
        Api.Response issued = first.api.post("/v1/users/" + userId + "/keys", "{\"name\":\"ci\",\"scopes\":[\"process\"]}",
                admin);
        String issuedKey = (String) issued.field("key");
        String revokedId = (String) first.api.post("/v1/users/" + userId + "/keys", "{\"name\":\"old\",\"scopes\":[]}",
                admin).field("id");
        assertThat(first.api.post("/v1/keys/" + revokedId + "/revoke", null, admin).status()).isEqualTo(200);
        first.kill9(); // right after the last write

        assertThat(workDir.resolve("data")).isDirectory();
        // the embedded database and the pepper are the owner's alone, from the moment they exist
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(workDir.resolve("data")))).isEqualTo("rwx------");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(workDir.resolve("data/pepper")))).isEqualTo("rw-------");
        try (RunningJar second = RunningJar.start(workDir, env)) {
            assertThat(second.api.get("/v1/users/" + userId, admin).field("externalId")).isEqualTo("crm-1");
            assertThat(second.api.post("/v1/process", "{\"status\":\"SUCCESS\"}", "X-API-Key", issuedKey).status())
                    .isEqualTo(200);
            assertThat(second.api.get("/v1/keys/" + revokedId, admin).field("revokedAt")).isNotNull();
            assertThat((List<?>) second.api.get("/v1/users/" + userId + "/keys", admin).field("items")).hasSize(1);
            assertNoSecretIn(first.log() + second.log(), adminKey, issuedKey);
        }
    }

    @Test
    void runsOnMySqlConfiguredThroughTheEnvironment(@TempDir Path workDir) throws Exception {
        TestDatabase database = MySqlTestServer.freshDatabase("jar");
        String adminKey = RunningJar.generateKey();
        Map<String, String> env = onDatabase(database, adminKey, "LATCHKEY_HTTP_KEY_HEADERS", "access_token,api-key");
        String[] admin = {"X-API-Key", adminKey};

        String userId;
        try (RunningJar first = RunningJar.start(workDir, env)) {
            userId = (String) first.api.post("/v1/users", "{\"name\":\"Ada\"}", admin).field("id");
        }
        try (RunningJar second = RunningJar.start(workDir, env)) {
            assertThat(second.api.get("/v1/users/" + userId, admin).status()).isEqualTo(200);
            assertThat(second.api.get("/health").field("status")).isEqualTo("UP");
            // headers this deployment adds (LATCHKEY_HTTP_KEY_HEADERS): the document knows only the two standard ones
            assertThat(second.api.malformed().get("/v1/me", "api-key", adminKey).status()).isEqualTo(200);
            assertThat(second.api.malformed().get("/v1/me", "access_token", adminKey).status()).isEqualTo(200);
        }
        assertThat(workDir.resolve("data")).doesNotExist();
    }

    /**
     * On PostgreSQL with the three {@code DATASOURCES_DEFAULT_*} variables and nothing else: a fresh database is
     * migrated at start; the working directory gets the generated pepper (no {@code LATCHKEY_PEPPER}) and no
     * embedded database.
     */
    @Test
    void startsOnAFreshPostgreSqlDatabaseWithOnlyTheThreeDatasourceVariables(@TempDir Path workDir) throws Exception {
        TestDatabase database = TestServer.POSTGRESQL.freshDatabase("jar_pg");
        Map<String, String> env = Map.of(
                "DATASOURCES_DEFAULT_URL", database.url(),
                "DATASOURCES_DEFAULT_USERNAME", database.user(),
                "DATASOURCES_DEFAULT_PASSWORD", database.password());

        try (RunningJar jar = RunningJar.start(workDir, env)) {
            assertThat(jar.api.get("/health").field("status")).isEqualTo("UP");
            jar.api.get("/v1/me", "X-API-Key", "lk_garbage").isProblem(401, "malformed_key");
        }
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(database.url(), database.user(),
                database.password());
             java.sql.ResultSet migrations = connection.createStatement().executeQuery(
                     "SELECT COUNT(*) FROM flyway_schema_history WHERE success")) {
            assertThat(migrations.next()).isTrue();
            assertThat(migrations.getInt(1)).as("migrations applied at start").isGreaterThanOrEqualTo(5);
        }
        try (var files = java.nio.file.Files.list(workDir.resolve("data"))) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactly("pepper");
        }
    }

    /** A URL of a database Latchkey does not run on stops the start with the ones it does, and no credentials. */
    @Test
    void refusesAnUnsupportedDatabaseUrlNamingTheSupportedOnes(@TempDir Path workDir) throws Exception {
        RunningJar.Completed refused = RunningJar.runIn(workDir, Map.of(
                "DATASOURCES_DEFAULT_URL", "jdbc:sqlserver://db:1433;databaseName=latchkey;password=hunter2"));

        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.out() + refused.err())
                .contains("names an unsupported database (jdbc:sqlserver:)")
                .contains("jdbc:postgresql:")
                .doesNotContain("hunter2");
    }

    /** An unreadable GitHub keys file stops the start with a line naming it (it once started healthy, then 500s). */
    @Test
    void refusesToStartWithAnUnreadableGitHubKeysFile(@TempDir Path workDir) throws Exception {
        Path missing = workDir.resolve("github-keys.json");
        RunningJar.Completed refused = RunningJar.runIn(workDir, Map.of(
                "LATCHKEY_LEAKS_GITHUB_KEYS_FILE", missing.toString()));

        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.out() + refused.err())
                .contains("latchkey.leaks.github-keys-file " + missing + " cannot be read (NoSuchFileException)");
    }

    /**
     * {@code kill -9} in the middle of a burst of 1,000 concurrent issuances: every key whose 201 reached the client
     * works after the restart (an acknowledged issuance was committed before its answer), on each server.
     */
    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestServer.class)
    void aKill9DuringABurstOfIssuancesLosesNoAcknowledgedKey(TestServer server, @TempDir Path workDir)
            throws Exception {
        TestDatabase database = server.freshDatabase("burst");
        String adminKey = RunningJar.generateKey();
        Map<String, String> env = onDatabase(database, adminKey);
        String[] admin = {"X-API-Key", adminKey};
        RunningJar first = RunningJar.start(workDir, env);
        String userId = (String) first.api.post("/v1/users", "{\"name\":\"burst\"}", admin).field("id");

        List<String> keys = first.kill9DuringIssuances(userId, "{\"name\":\"burst\",\"scopes\":[\"process\"]}", admin,
                "key", 16, 1_000, 300);

        try (RunningJar second = RunningJar.start(workDir, env)) {
            for (String key : keys) {
                assertThat(second.api.get("/v1/auth", "X-API-Key", key).status()).as("an acknowledged key")
                        .isEqualTo(200);
            }
            System.out.printf("kill -9 during 1,000 issuances on %s: %d acknowledged before the kill, all %d verify"
                    + " after the restart%n", server, keys.size(), keys.size());
        }
    }

    @Test
    void writesLastUseBehindWithinTheFlushIntervalAndOnSigterm(@TempDir Path workDir) throws Exception {
        TestDatabase database = MySqlTestServer.freshDatabase("last_use");
        String adminKey = RunningJar.generateKey();
        Map<String, String> env = onDatabase(database, adminKey, "LATCHKEY_LAST_USE_FLUSH_INTERVAL", "1s");
        String[] admin = {"X-API-Key", adminKey};
        String keyId;
        try (RunningJar service = RunningJar.start(workDir, env)) {
            String userId = (String) service.api.post("/v1/users", "{\"name\":\"Ada\"}", admin).field("id");
            Api.Response issued = service.api.post("/v1/users/" + userId + "/keys", "{\"name\":\"ci\",\"scopes\":[]}",
                    admin);
            keyId = (String) issued.field("id");
            java.time.Instant used = java.time.Instant.now();
            assertThat(service.api.get("/v1/auth", "X-API-Key", (String) issued.field("key")).status()).isEqualTo(200);
            Object lastUsedAt = null;
            while (lastUsedAt == null) {
                assertThat(Duration.between(used, java.time.Instant.now())).as("last use written within the flush "
                        + "interval (1 s), give or take a second of scheduling").isLessThan(Duration.ofSeconds(2));
                lastUsedAt = service.api.get("/v1/keys/" + keyId, admin).field("lastUsedAt");
                Thread.sleep(50);
            }
            System.out.printf("last use: in the database %d ms after the use%n",
                    Duration.between(used, java.time.Instant.now()).toMillis());
        }

        env.put("LATCHKEY_LAST_USE_FLUSH_INTERVAL", "1h");
        String firstUse;
        try (RunningJar service = RunningJar.start(workDir, env)) {
            firstUse = (String) service.api.get("/v1/keys/" + keyId, admin).field("lastUsedAt");
            String key = (String) service.api.post("/v1/keys/" + keyId + "/rotate", "{\"gracePeriodSeconds\":0}", admin)
                    .field("key");
            assertThat(service.api.get("/v1/auth", "X-API-Key", key).status()).isEqualTo(200);
            keyId = (String) service.api.get("/v1/auth", "X-API-Key", key).header("X-Latchkey-Key-Id");
            assertThat(service.api.get("/v1/keys/" + keyId, admin).field("lastUsedAt")).as("not flushed yet").isNull();
        } // SIGTERM: the pending last use is flushed before the service stops
        try (RunningJar service = RunningJar.start(workDir, env)) {
            assertThat(service.api.get("/v1/keys/" + keyId, admin).field("lastUsedAt")).isNotNull();
            assertThat(firstUse).isNotNull();
        }
    }

    /**
     * SIGTERM in the middle of a burst of verifications on MySQL: every verification whose answer reached the client
     * is counted in the {@code key.verified} summaries once the service has stopped (the counts are written on the way
     * down), and no more than verifications were attempted.
     */
    @Test
    void aSigtermDuringABurstOfVerificationsLosesNoAuditEvent(@TempDir Path workDir) throws Exception {
        TestDatabase database = MySqlTestServer.freshDatabase("audit_burst");
        String adminKey = RunningJar.generateKey();
        Map<String, String> env = onDatabase(database, adminKey, "LATCHKEY_AUDIT_FLUSH_INTERVAL", "1s");
        String[] admin = {"X-API-Key", adminKey};
        RunningJar service = RunningJar.start(workDir, env);
        String userId = (String) service.api.post("/v1/users", "{\"name\":\"burst\"}", admin).field("id");
        Api.Response issued = service.api.post("/v1/users/" + userId + "/keys", "{\"name\":\"ci\",\"scopes\":[]}",
                admin);
        String key = (String) issued.field("key");
        String keyId = (String) issued.field("id");

        java.util.concurrent.atomic.AtomicInteger acknowledged = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(8);
        for (int c = 0; c < 8; c++) {
            clients.submit(() -> {
                while (attempts.incrementAndGet() <= 20_000) {
                    try {
                        if (service.api.get("/v1/auth", "X-API-Key", key).status() == 200) {
                            acknowledged.incrementAndGet();
                        }
                    } catch (RuntimeException stopped) {
                        return; // the service is going: not acknowledged
                    }
                }
            });
        }
        while (acknowledged.get() < 2_000 && attempts.get() < 20_000) {
            Thread.sleep(5);
        }
        service.terminate();
        assertThat(service.hasExited(Duration.ofSeconds(60))).as("stopped").isTrue();
        clients.shutdown();
        assertThat(clients.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        long rows;
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(database.url(), database.user(),
                database.password());
             java.sql.PreparedStatement count = connection.prepareStatement(
                     "SELECT COALESCE(SUM(verifications), 0) FROM verification_summaries WHERE key_id = ?"
                             + " AND outcome = 'VALID'")) {
            count.setString(1, keyId);
            try (java.sql.ResultSet result = count.executeQuery()) {
                result.next();
                rows = result.getLong(1);
            }
        }
        assertThat(acknowledged.get()).as("the SIGTERM landed in the middle of the burst").isBetween(2_000, 19_999);
        assertThat(rows).as("every acknowledged verification audited").isGreaterThanOrEqualTo(acknowledged.get())
                .isLessThanOrEqualTo(Math.min(attempts.get(), 20_000));
        System.out.printf("SIGTERM during a burst of verifications: %d acknowledged, %d counted as key.verified%n",
                acknowledged.get(), rows);
    }

    @Test
    void finishesInFlightRequestsOnSigterm(@TempDir Path workDir) throws Exception {
        String adminKey = RunningJar.generateKey();
        RunningJar service = RunningJar.start(workDir, Map.of("LATCHKEY_BOOTSTRAP_ADMIN_KEY", adminKey));
        String body = "{\"name\":\"in flight\"}";
        try (Socket socket = new Socket("127.0.0.1", service.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/users HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: " + adminKey
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                    + "\r\nConnection: close\r\n\r\n" + body.substring(0, 5)).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(300);

            service.terminate(); // SIGTERM while the request is still arriving
            Thread.sleep(500);
            assertThat(service.hasExited(Duration.ZERO)).as("still serving the in-flight request").isFalse();
            out.write(body.substring(5).getBytes(StandardCharsets.US_ASCII));
            out.flush();

            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 201");
        }
        assertThat(service.hasExited(Duration.ofSeconds(30))).as("stops once idle").isTrue();
    }

    /** The environment of the jar on {@code database}, with a fixed pepper, the admin key and {@code more} pairs. */
    static Map<String, String> onDatabase(TestDatabase database, String adminKey, String... more) {
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "DATASOURCES_DEFAULT_URL", database.url(),
                "DATASOURCES_DEFAULT_USERNAME", database.user(),
                "DATASOURCES_DEFAULT_PASSWORD", database.password(),
                "LATCHKEY_PEPPER", "jar-test-pepper-0123456789abcdef0123456789",
                "LATCHKEY_BOOTSTRAP_ADMIN_KEY", adminKey));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    private static void assertNoSecretIn(String log, String... keys) {
        for (String key : keys) {
            ApiKeyToken token = ApiKeyToken.parse(key).orElseThrow();
            assertThat(log).doesNotContain(key).doesNotContain(token.secret());
        }
    }
}
