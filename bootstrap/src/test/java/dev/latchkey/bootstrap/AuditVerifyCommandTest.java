package dev.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.adapter.out.persistence.AuditEventStore;
import dev.latchkey.adapter.out.persistence.VerificationSummaryStore;
import dev.latchkey.application.port.out.audit.AuditChainLinks;
import dev.latchkey.domain.audit.AuditCheckpoint;
import dev.latchkey.domain.audit.AuditEvent;
import dev.latchkey.domain.audit.AuditEventType;
import io.micronaut.context.ApplicationContext;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code latchkey audit verify} on an embedded database in memory: its report, its status, and that it writes nothing. */
class AuditVerifyCommandTest {

    private static final String H2_MODE = ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE"
            + ";DB_CLOSE_DELAY=-1";

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        LatchkeyCommand.Outcome outcome = LatchkeyCommand.run(new PrintWriter(out, true), new PrintWriter(err, true),
                args);
        return new Run(outcome.exitCode(), out.toString(), err.toString());
    }

    private static String url() {
        return "jdbc:h2:mem:audit_verify_" + UUID.randomUUID().toString().replace("-", "") + H2_MODE;
    }

    @Test
    void reportsAnIntactChainWithStatus0AndTheFirstBrokenLinkWithStatus1() throws SQLException {
        String url = url();
        assertThat(run("migrate", "--datasources.default.url=" + url).exitCode()).isZero();
        try (ApplicationContext context = ApplicationContext.builder(Application.class)
                .environments(LatchkeyCommand.MIGRATE_ENVIRONMENT).args("--datasources.default.url=" + url)
                .banner(false).start()) {
            AuditEventStore store = context.getBean(AuditEventStore.class);
            for (int i = 0; i < 6; i++) {
                store.append(new AuditEvent(0, Instant.parse("2026-12-01T10:00:00Z").plusSeconds(i),
                        AuditEventType.KEY_ISSUED, true, null, null, null, null, "192.0.2.1", "req-" + i));
            }
        }

        Run intact = run("audit", "verify", "--datasources.default.url=" + url);
        assertThat(intact.exitCode()).as(intact.err()).isZero();
        assertThat(intact.out()).contains("links 1 to 6 checked (6)").contains("intact").doesNotContain("BROKEN");
        assertThat(run("audit", "verify", "--since", "4", "--datasources.default.url=" + url).out())
                .contains("links 4 to 6 checked (3)");

        try (Connection connection = DriverManager.getConnection(url, "sa", "");
             Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE audit_events SET client_ip = '198.51.100.7' WHERE chain_seq = 3");
        }
        Run broken = run("audit", "verify", "--datasources.default.url=" + url);
        assertThat(broken.exitCode()).isEqualTo(1);
        assertThat(broken.out()).contains("BROKEN at link 3").contains(": edited: ");
    }

    @Test
    void reportsTheSummariesChainAndARowChangedUnderItsLinkWithStatus1() throws SQLException {
        String url = url();
        assertThat(run("migrate", "--datasources.default.url=" + url).exitCode()).isZero();
        Instant minute = Instant.parse("2026-12-01T10:00:00Z");
        try (ApplicationContext context = ApplicationContext.builder(Application.class)
                .environments(LatchkeyCommand.MIGRATE_ENVIRONMENT).args("--datasources.default.url=" + url)
                .banner(false).start()) {
            VerificationSummaryStore store = context.getBean(VerificationSummaryStore.class);
            for (int i = 0; i < 3; i++) {
                Instant at = minute.plusSeconds(60L * i + 5);
                store.addAll(Map.of(new VerificationSummaryStore.Key(minute.plusSeconds(60L * i), null,
                        "192.0.2.1", "MALFORMED"), new VerificationSummaryStore.Delta(4, at, at, null)));
            }
            store.seal(minute.plusSeconds(180), 1_000);
        }

        Run intact = run("audit", "verify", "--datasources.default.url=" + url);
        assertThat(intact.exitCode()).as(intact.err()).isZero();
        assertThat(intact.out()).contains("summaries: links 1 to 3 checked (3, 3 minutes against their rows)")
                .contains("intact");

        try (Connection connection = DriverManager.getConnection(url, "sa", "");
             Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE verification_summaries SET verifications = 1"
                    + " WHERE minute_start = '2026-12-01 10:01:00'");
        }
        Run broken = run("audit", "verify", "--datasources.default.url=" + url);
        assertThat(broken.exitCode()).isEqualTo(1);
        assertThat(broken.out()).contains("BROKEN at summaries link 2: edited: ");
    }

    @Test
    void neitherMigratesNorWritesAndABadSinceIsStatus2() throws SQLException {
        String url = url();
        try (Connection keepOpen = DriverManager.getConnection(url, "sa", "")) {
            Run run = run("audit", "verify", "--datasources.default.url=" + url);

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).startsWith("latchkey audit verify: ").doesNotContain("\n ");
            try (ResultSet tables = keepOpen.getMetaData().getTables(null, "public", "%", null)) {
                List<String> names = new ArrayList<>();
                while (tables.next()) {
                    names.add(tables.getString("TABLE_NAME"));
                }
                assertThat(names).as("no table was created").isEmpty();
            }
        }
        assertThat(run("audit", "verify", "--since", "yesterday").exitCode()).isEqualTo(2);
        assertThat(run("audit", "--help").out()).contains("verify");
    }

    @Test
    void aCheckpointFileCatchesADeletedTailAndItsSignatureIsChecked(@TempDir Path directory) throws Exception {
        String url = url();
        String pepper = "--latchkey.pepper=audit-verify-test-pepper-0123456789abcdef";
        assertThat(run("migrate", "--datasources.default.url=" + url).exitCode()).isZero();
        String headHash;
        try (ApplicationContext context = ApplicationContext.builder(Application.class)
                .environments(LatchkeyCommand.MIGRATE_ENVIRONMENT).args("--datasources.default.url=" + url)
                .banner(false).start()) {
            AuditEventStore store = context.getBean(AuditEventStore.class);
            for (int i = 0; i < 6; i++) {
                store.append(new AuditEvent(0, Instant.parse("2026-12-01T10:00:00Z").plusSeconds(i),
                        AuditEventType.KEY_REVOKED, true, null, null, null, null, null, "req-" + i));
            }
            headHash = context.getBean(AuditChainLinks.class).state().headHash();
        }
        AuditCheckpoint signed = AuditCheckpoint.sign(6, 6, headHash, Instant.parse("2026-12-01T11:00:00Z"),
                AuditCheckpoint.Signer.hmac("audit-verify-test-pepper-0123456789abcdef"
                        .getBytes(StandardCharsets.UTF_8)));
        Path file = directory.resolve("checkpoint.json");
        Files.writeString(file, "{\"type\":\"audit.checkpoint\",\"timestamp\":\"2026-12-01T11:00:00Z\",\"data\":{"
                + "\"sequence\":6,\"headEventId\":\"6\",\"headHash\":\"" + headHash + "\",\"at\":\""
                + signed.at() + "\",\"algorithm\":\"HMAC-SHA256\",\"signature\":\"" + signed.signature() + "\"}}");

        Run held = run("audit", "verify", "--checkpoint", file.toString(), pepper, "--datasources.default.url=" + url);
        assertThat(held.exitCode()).as(held.out() + held.err()).isZero();
        assertThat(held.out()).contains("signature: good (HMAC-SHA256)").contains("checkpoint: matches");

        try (Connection connection = DriverManager.getConnection(url, "sa", "");
             Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM audit_events WHERE chain_seq >= 5");
            statement.executeUpdate("UPDATE audit_chain_head SET head_seq = 4, head_hash = (SELECT chain_hash FROM"
                    + " audit_events WHERE chain_seq = 4)");
        }
        assertThat(run("audit", "verify", "--datasources.default.url=" + url).exitCode()).as("the head covered it")
                .isZero();
        Run caught = run("audit", "verify", "--checkpoint", file.toString(), pepper,
                "--datasources.default.url=" + url);
        assertThat(caught.exitCode()).isEqualTo(1);
        assertThat(caught.out()).contains("BROKEN at link 6").contains("deleted");

        Run forged = run("audit", "verify", "--checkpoint", file.toString(),
                "--latchkey.pepper=another-pepper-for-the-test-0123456789abcdef", "--datasources.default.url=" + url);
        assertThat(forged.out()).contains("signature: BAD");
        assertThat(forged.exitCode()).isEqualTo(1);
    }

    @Test
    void aPublicKeyAcceptsOnlyEd25519AndAnUncheckedSignatureIsNoSuccess(@TempDir Path directory) throws Exception {
        String url = url();
        String pepper = "audit-verify-test-pepper-0123456789abcdef";
        assertThat(run("migrate", "--datasources.default.url=" + url).exitCode()).isZero();
        String headHash;
        try (ApplicationContext context = ApplicationContext.builder(Application.class)
                .environments(LatchkeyCommand.MIGRATE_ENVIRONMENT).args("--datasources.default.url=" + url)
                .banner(false).start()) {
            context.getBean(AuditEventStore.class).append(new AuditEvent(0, Instant.parse("2026-12-01T10:00:00Z"),
                    AuditEventType.KEY_REVOKED, true, null, null, null, null, null, "req-0"));
            headHash = context.getBean(AuditChainLinks.class).state().headHash();
        }
        Instant at = Instant.parse("2026-12-01T11:00:00Z");
        KeyPair operator = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String publicKey = Base64.getEncoder().encodeToString(operator.getPublic().getEncoded());
        // an insider with the database and the pepper makes an HMAC checkpoint: --public-key must not take it
        Path hmac = checkpointFile(directory.resolve("hmac.json"), AuditCheckpoint.sign(1, 1, headHash, at,
                AuditCheckpoint.Signer.hmac(pepper.getBytes(StandardCharsets.UTF_8))));
        Path ed25519 = checkpointFile(directory.resolve("ed25519.json"), AuditCheckpoint.sign(1, 1, headHash, at,
                AuditCheckpoint.Signer.ed25519(operator.getPrivate())));

        Run downgraded = run("audit", "verify", "--checkpoint", hmac.toString(), "--public-key", publicKey,
                "--latchkey.pepper=" + pepper, "--datasources.default.url=" + url);
        assertThat(downgraded.out()).contains("signature: BAD")
                .endsWith("checkpoint BAD: the chain is intact, but this checkpoint does not vouch for it"
                        + System.lineSeparator());
        assertThat(downgraded.exitCode()).isEqualTo(1);

        Run good = run("audit", "verify", "--checkpoint", ed25519.toString(), "--public-key", publicKey,
                "--datasources.default.url=" + url);
        assertThat(good.out()).as(good.err()).contains("signature: good (Ed25519)");
        assertThat(good.exitCode()).isZero();

        Run unchecked = run("audit", "verify", "--checkpoint", ed25519.toString(), "--datasources.default.url=" + url);
        assertThat(unchecked.out()).contains("signature: not checked").contains("intact");
        assertThat(unchecked.exitCode()).isEqualTo(AuditCommand.Verify.NOT_CHECKED);

        Run missing = run("audit", "verify", "--checkpoint", directory.resolve("none.json").toString(),
                "--datasources.default.url=" + url);
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("invalid --checkpoint: cannot read");
    }

    @Test
    void theDriverIsToldToReadOnlyAndNeverToCreateADatabase(@TempDir Path directory) {
        Path missing = directory.resolve("nothing-here");
        String url = "jdbc:h2:file:" + missing + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE";

        Run run = run("audit", "verify", "--datasources.default.url=" + url);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(directory.toFile().list()).as("no database file was created").isEmpty();
        assertThat(AuditCommand.Verify.readOnlyUrl(List.of("--datasources.default.url=jdbc:postgresql://db/lk?ssl=true")))
                .hasValue("jdbc:postgresql://db/lk?ssl=true&readOnly=true&readOnlyMode=always");
    }

    private static Path checkpointFile(Path file, AuditCheckpoint checkpoint) throws Exception {
        Files.writeString(file, "{\"sequence\":" + checkpoint.sequence() + ",\"headEventId\":\""
                + checkpoint.headEventId() + "\",\"headHash\":\"" + checkpoint.headHash() + "\",\"at\":\""
                + checkpoint.at() + "\",\"algorithm\":\"" + checkpoint.algorithm() + "\",\"signature\":\""
                + checkpoint.signature() + "\"}");
        return file;
    }
}
