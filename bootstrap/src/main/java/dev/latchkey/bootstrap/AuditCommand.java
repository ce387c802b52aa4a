package dev.latchkey.bootstrap;

import dev.latchkey.application.port.in.audit.VerifyAuditChain;
import dev.latchkey.application.port.out.audit.AuditChainLinks;
import dev.latchkey.application.service.audit.AuditChainVerification;
import io.micronaut.context.ApplicationContext;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
                    "Exit status: 0 the chain is intact, 1 it is broken (or could not be read: the message says which)."})
    static final class Verify extends LatchkeyCommand.WithSettings {

        private static final Pattern SEQUENCE = Pattern.compile("[1-9][0-9]{0,17}");

        @Option(names = "--since", paramLabel = "SEQUENCE|TIME",
                description = "start at this link, or at the link of the first event at or after this RFC 3339 time "
                        + "(default: the oldest link kept)")
        private String since;

        @Override
        public Integer call() {
            List<String> settings = new ArrayList<>(settings());
            VerifyAuditChain.Request request = request();
            // nothing but the database, not migrated, connections read-only
            settings.add("--flyway.datasources.default.enabled=false");
            settings.add("--datasources.default.read-only=true");
            VerifyAuditChain.Report report;
            try (ApplicationContext context = ApplicationContext.builder(Application.class)
                    .environments(LatchkeyCommand.MIGRATE_ENVIRONMENT).args(settings.toArray(String[]::new))
                    .banner(false).start()) {
                report = new AuditChainVerification(context.getBean(AuditChainLinks.class)).verify(request);
            }
            print(spec.commandLine().getOut(), report);
            return report.intact() ? CommandLine.ExitCode.OK : 1;
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

        static void print(PrintWriter out, VerifyAuditChain.Report report) {
            out.println("chain: links " + report.firstChecked() + " to " + report.lastChecked() + " checked ("
                    + report.checked() + "); " + report.purged() + " purged by retention before link "
                    + (report.purged() + 1) + "; head " + report.headSequence() + " " + report.headHash());
            if (report.unchainedBeforeStart() > 0) {
                out.println("unchained: " + report.unchainedBeforeStart() + " events written before the chain began");
            }
            report.checkpointResult().ifPresent(result -> out.println("checkpoint: " + result));
            if (report.firstBreak().isEmpty()) {
                out.println("intact");
                return;
            }
            VerifyAuditChain.Break broken = report.firstBreak().get();
            out.println("BROKEN at link " + broken.sequence() + (broken.eventId() == 0 ? ""
                    : " (event " + broken.eventId() + ")") + ": " + broken.kind().name().toLowerCase(Locale.ROOT)
                    + ": " + broken.explanation());
            out.println("expected: " + broken.expected());
            out.println("found:    " + broken.found());
        }
    }
}
