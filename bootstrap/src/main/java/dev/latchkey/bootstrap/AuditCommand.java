package dev.latchkey.bootstrap;

import dev.latchkey.application.port.in.audit.VerifyAuditChain;
import dev.latchkey.application.port.out.audit.AuditChainLinks;
import dev.latchkey.application.port.out.audit.SummaryChainLinks;
import dev.latchkey.application.service.audit.AuditChainVerification;
import dev.latchkey.domain.audit.AuditCheckpoint;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code latchkey audit verify}: the audit chain recomputed from the command line (docs/audit-chain.md). */
@Command(name = "audit", mixinStandardHelpOptions = true, versionProvider = LatchkeyCommand.Version.class,
        description = "Work on the audit trail.", subcommands = AuditCommand.Verify.class)
final class AuditCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "a subcommand is needed: verify");
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, versionProvider = LatchkeyCommand.Version.class,
            description = {"Recompute the audit chain and report the first broken link (an edited, inserted or "
                    + "deleted row). Read-only: it does not migrate, write or start any worker.",
                    "The database is configured as for serve (DATASOURCES_DEFAULT_URL, ...; default the embedded one "
                            + "under ./data).",
                    "Exit status: 0 the chain is intact (and the checkpoint's signature good and its link held), 1 it"
                            + " is broken or a checkpoint's signature is bad (or the chain could not be read: the message"
                            + " says which), 2 a mistake on the command line, 3 the chain is intact"
                            + " but the checkpoint (its signature or its link) could not be checked."})
    static final class Verify extends LatchkeyCommand.WithSettings {

        /** The exit status when nothing is broken but the checkpoint could not be checked: not a success. */
        static final int NOT_CHECKED = 3;
        private static final Pattern SEQUENCE = Pattern.compile("[1-9][0-9]{0,17}");

        @Option(names = "--since", paramLabel = "SEQUENCE|TIME",
                description = "start at this link, or at the link of the first event at or after this RFC 3339 time "
                        + "(default: the oldest link kept)")
        private String since;

        @Option(names = "--checkpoint", paramLabel = "FILE",
                description = "hold the chain to this checkpoint: the JSON of an audit.checkpoint webhook (the whole "
                        + "message or its data); its signature is checked too")
        private Path checkpoint;

        @Option(names = "--public-key", paramLabel = "KEY",
                description = "the Ed25519 public key that checks the checkpoint (base64, PEM, or a PEM file); with it"
                        + " only an Ed25519 signature is good (an HMAC-SHA256 checkpoint is BAD: whoever has the pepper"
                        + " can make one)")
        private String publicKey;

        @Override
        public Integer call() {
            List<String> settings = new ArrayList<>(settings());
            VerifyAuditChain.Request request = request();
            if (checkpoint != null && !Files.isReadable(checkpoint)) {
                throw new ParameterException(spec.commandLine(), "invalid --checkpoint: cannot read " + checkpoint);
            }
            // nothing but the database, not migrated, connections read-only
            settings.add("--flyway.datasources.default.enabled=false");
            settings.add("--datasources.default.read-only=true");
            readOnlyUrl(settings).ifPresent(url -> settings.add("--datasources.default.url=" + url));
            VerifyAuditChain.Report report;
            String signature = null;
            try (ApplicationContext context = started(settings)) {
                if (checkpoint != null) {
                    AuditCheckpoint announced = readCheckpoint(context);
                    signature = signature(context, announced);
                    request = new VerifyAuditChain.Request(request.fromSequence(), request.since(),
                            request.maxLinks(), Optional.of(new VerifyAuditChain.Checkpoint(announced.sequence(),
                            announced.headHash())));
                }
                report = new AuditChainVerification(context.getBean(AuditChainLinks.class),
                        context.getBean(SummaryChainLinks.class), Clock.systemUTC(),
                        context.getProperty("latchkey.audit.retention", Duration.class).orElse(Duration.ofDays(90)))
                        .verify(request);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (signature != null) {
                out.println("signature: " + signature);
            }
            print(out, report);
            int status = status(report, signature);
            if (report.intact() && status != CommandLine.ExitCode.OK) {
                // the rows are intact, but the checkpoint that was to vouch for them does not (or could not be checked)
                out.println(status == 1 ? "checkpoint BAD: the chain is intact, but this checkpoint does not vouch for it"
                        : "checkpoint not checked: the chain is intact as far as it goes");
            }
            return status;
        }

        /**
         * The application with nothing but the database. The embedded database is a file one process opens at a time:
         * while a service runs on it, say so rather than H2's "file is locked".
         */
        private static ApplicationContext started(List<String> settings) {
            try {
                return ApplicationContext.builder(Application.class).environments(LatchkeyCommand.MIGRATE_ENVIRONMENT)
                        .args(settings.toArray(String[]::new)).banner(false).start();
            } catch (RuntimeException e) {
                for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                    if (String.valueOf(cause.getMessage()).contains("file is locked")) {
                        throw new IllegalStateException("the embedded database is in use by a running Latchkey: stop it"
                                + " first (or verify a MySQL, MariaDB or PostgreSQL database, which needs no stop)");
                    }
                }
                throw e;
            }
        }

        /** 1 broken or a bad signature; {@link #NOT_CHECKED} when the checkpoint could not be checked; else 0. */
        static int status(VerifyAuditChain.Report report, String signature) {
            if (!report.intact() || signature != null && signature.startsWith("BAD")) {
                return 1;
            }
            boolean linkNotChecked = report.checkpointResult().filter(result -> result.startsWith("not checked"))
                    .isPresent();
            if (linkNotChecked || signature != null && signature.startsWith("not checked")) {
                return NOT_CHECKED;
            }
            return CommandLine.ExitCode.OK;
        }

        /**
         * The database's URL made read-only by the driver itself, where the pool's read-only flag is only a hint: H2
         * opens the data read-only and never creates a database (ACCESS_MODE_DATA=r, IFEXISTS=TRUE); PostgreSQL's
         * driver makes autocommit connections read-only too (readOnlyMode=always). Others: as configured.
         */
        static Optional<String> readOnlyUrl(List<String> settings) {
            String url;
            try (ApplicationContext probe = ApplicationContext.builder(Application.class)
                    .environments(LatchkeyCommand.MIGRATE_ENVIRONMENT).args(settings.toArray(String[]::new))
                    .banner(false).build()) {
                probe.getEnvironment().start();
                url = probe.getProperty("datasources.default.url", String.class).orElse(null);
            }
            if (url == null) {
                return Optional.empty();
            }
            if (url.startsWith("jdbc:h2:")) {
                return Optional.of(url + ";ACCESS_MODE_DATA=r;IFEXISTS=TRUE");
            }
            if (url.startsWith("jdbc:postgresql:")) {
                return Optional.of(url + (url.contains("?") ? "&" : "?") + "readOnly=true&readOnlyMode=always");
            }
            return Optional.empty();
        }

        private VerifyAuditChain.Request request() {
            if (since == null) {
                return VerifyAuditChain.Request.all();
            }
            if (SEQUENCE.matcher(since).matches()) {
                return new VerifyAuditChain.Request(OptionalLong.of(Long.parseLong(since)), Optional.empty(),
                        Long.MAX_VALUE, Optional.empty());
            }
            try {
                Instant at = OffsetDateTime.parse(since).toInstant();
                return new VerifyAuditChain.Request(OptionalLong.empty(), Optional.of(at), Long.MAX_VALUE,
                        Optional.empty());
            } catch (DateTimeParseException e) {
                throw new ParameterException(spec.commandLine(), "invalid --since: a link's sequence (1, 2, ...) or"
                        + " an RFC 3339 time, e.g. 2026-11-22T10:15:30Z");
            }
        }

        private AuditCheckpoint readCheckpoint(ApplicationContext context) {
            try {
                Map<?, ?> json = context.getBean(JsonMapper.class).readValue(Files.readAllBytes(checkpoint), Map.class);
                Map<?, ?> data = json.get("data") instanceof Map<?, ?> inner ? inner : json;
                return new AuditCheckpoint(Long.parseLong(String.valueOf(data.get("sequence"))),
                        Long.parseLong(String.valueOf(data.get("headEventId"))), (String) data.get("headHash"),
                        Instant.parse((String) data.get("at")), (String) data.get("algorithm"),
                        (String) data.get("signature"));
            } catch (IOException | RuntimeException e) {
                throw new ParameterException(spec.commandLine(), "invalid --checkpoint: not the JSON of an"
                        + " audit.checkpoint webhook (sequence, headEventId, headHash, at, algorithm, signature)");
            }
        }

        /** What the checkpoint's signature says: good, BAD, or why it was not checked. */
        private String signature(ApplicationContext context, AuditCheckpoint announced) {
            if (publicKey != null && !AuditCheckpoint.ED25519.equals(announced.algorithm())) {
                // the file is not to be trusted: it does not choose a weaker check than the one asked for
                return "BAD: --public-key asks for an Ed25519 signature, the checkpoint says "
                        + (AuditCheckpoint.HMAC_SHA256.equals(announced.algorithm()) ? AuditCheckpoint.HMAC_SHA256
                        : "another algorithm");
            }
            if (AuditCheckpoint.ED25519.equals(announced.algorithm())) {
                if (publicKey == null) {
                    return "not checked (Ed25519: give --public-key)";
                }
                PublicKey key;
                try {
                    key = AuditCheckpointFactory.publicKey(publicKey);
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(spec.commandLine(), "invalid --public-key: " + e.getMessage());
                }
                return announced.signedWith(key) ? "good (Ed25519)" : "BAD: the Ed25519 signature does not verify";
            }
            if (!AuditCheckpoint.HMAC_SHA256.equals(announced.algorithm())) {
                return "BAD: unknown algorithm";
            }
            String dataDir = context.getProperty("latchkey.data-dir", String.class).orElse("data");
            boolean pepperKnown = context.getProperty("latchkey.pepper", String.class).filter(p -> !p.isEmpty())
                    .isPresent() || Files.exists(Path.of(dataDir).resolve(Pepper.PepperFactory.FILE_NAME));
            if (!pepperKnown) {
                return "not checked (HMAC-SHA256: the pepper is needed, as for serve)";
            }
            return announced.signedWithPepper(context.getBean(Pepper.class).bytes()) ? "good (HMAC-SHA256)"
                    : "BAD: the HMAC does not match the pepper's checkpoint key";
        }

        static void print(PrintWriter out, VerifyAuditChain.Report report) {
            out.println("chain: links " + report.firstChecked() + " to " + report.lastChecked() + " checked ("
                    + report.checked() + "); " + report.purged() + " purged by retention before link "
                    + (report.purged() + 1) + "; head " + report.headSequence() + " " + report.headHash());
            if (report.unchainedBeforeStart() > 0) {
                out.println("unchained: " + report.unchainedBeforeStart() + " events written before the chain began");
            }
            report.checkpointResult().ifPresent(result -> out.println("checkpoint: " + result));
            VerifyAuditChain.Summaries summaries = report.summaries();
            out.println("summaries: links " + summaries.firstChecked() + " to " + summaries.lastChecked() + " checked ("
                    + summaries.checked() + ", " + summaries.minutesChecked() + " minutes against their rows); "
                    + summaries.purged() + " purged by retention; head " + summaries.headSequence() + " "
                    + summaries.headHash());
            if (report.intact()) {
                out.println("intact");
                return;
            }
            report.firstBreak().ifPresent(broken -> printBreak(out, "", broken));
            summaries.firstBreak().ifPresent(broken -> printBreak(out, "summaries ", broken));
        }

        private static void printBreak(PrintWriter out, String chain, VerifyAuditChain.Break broken) {
            out.println("BROKEN at " + chain + "link " + broken.sequence() + (broken.eventId() == 0 ? ""
                    : " (event " + broken.eventId() + ")") + ": " + broken.kind().name().toLowerCase(Locale.ROOT)
                    + ": " + broken.explanation());
            out.println("expected: " + broken.expected());
            out.println("found:    " + broken.found());
        }
    }
}
