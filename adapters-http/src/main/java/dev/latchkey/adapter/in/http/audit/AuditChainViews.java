package dev.latchkey.adapter.in.http.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.latchkey.adapter.in.http.common.ApiSchemas;
import dev.latchkey.application.port.in.audit.VerifyAuditChain;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Locale;

/** The JSON shape of a verification of the audit chain (docs/audit-chain.md). Absent values are {@code null}. */
final class AuditChainViews {

    private static final String HASH = "^[0-9a-f]{64}$";

    private AuditChainViews() {
    }

    /** What was checked and the first broken link, if any. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "AuditChainReport", description = "The audit chain recomputed: intact, or the first broken link")
    record ReportView(@Schema(description = "no broken link among those checked (and nothing put in or taken out"
                              + " that the head shows)") boolean intact,
                      @Schema(minimum = "0", maximum = ApiSchemas.MAX_LONG, format = "int64",
                              description = "links removed by retention (latchkey.audit.retention) before the oldest"
                              + " link kept; the chain is exact from there") long purged,
                      @Schema(minimum = "0", maximum = ApiSchemas.MAX_LONG, format = "int64", description = "the first link checked") long firstChecked,
                      @Schema(minimum = "0", maximum = ApiSchemas.MAX_LONG, format = "int64", description = "the last link checked") long lastChecked,
                      @Schema(minimum = "0", maximum = ApiSchemas.MAX_LONG, format = "int64", description = "how many links were checked") long checked,
                      @Schema(minimum = "0", maximum = ApiSchemas.MAX_LONG, format = "int64", description = "the chain's head: the last link written") long headSequence,
                      @Schema(pattern = HASH, maxLength = 64) String headHash,
                      @Schema(minimum = "0", maximum = ApiSchemas.MAX_LONG, format = "int64", description = "events written before the chain began, kept without a link")
                      long unchainedBeforeStart,
                      @Nullable @Schema(nullable = true, allowableValues = {"edited", "inserted", "deleted"},
                              description = "how the first broken link broke; null when intact") String broken,
                      @Nullable @Schema(minimum = "0", maximum = ApiSchemas.MAX_LONG, format = "int64", nullable = true, description = "the first broken link's sequence (0: an"
                              + " event without a link)") Long brokenSequence,
                      @Nullable @Schema(nullable = true, pattern = "^[0-9]{1,19}$", maxLength = 19,
                              description = "the audit event at the first broken link, when there is a row")
                      String brokenEventId,
                      @Nullable @Schema(nullable = true, maxLength = 80, description = "what the chain expected"
                              + " there: a hash, or a link") String expected,
                      @Nullable @Schema(nullable = true, maxLength = 80, description = "what it found there")
                      String found,
                      @Nullable @Schema(nullable = true, maxLength = 300) String explanation,
                      @Nullable @Schema(minimum = "0", maximum = ApiSchemas.MAX_LONG, format = "int64", nullable = true, description = "the cap of one call stopped before the head:"
                              + " call again with since set to this") Long continueFrom,
                      @Nullable @Schema(nullable = true, maxLength = 200, description = "what the checkpoint given"
                              + " (checkpointSequence, checkpointHash) found: matches, broken, or not checked (purged)")
                      String checkpoint,
                      SummariesView summaries) {

        static ReportView of(VerifyAuditChain.Report report) {
            VerifyAuditChain.Break broken = report.firstBreak().orElse(null);
            return new ReportView(report.intact(), report.purged(), report.firstChecked(), report.lastChecked(),
                    report.checked(), report.headSequence(), report.headHash(), report.unchainedBeforeStart(),
                    broken == null ? null : broken.kind().name().toLowerCase(Locale.ROOT),
                    broken == null ? null : broken.sequence(),
                    broken == null || broken.eventId() == 0 ? null : Long.toString(broken.eventId()),
                    broken == null ? null : broken.expected(), broken == null ? null : broken.found(),
                    broken == null ? null : broken.explanation(),
                    report.continueFrom().isPresent() ? report.continueFrom().getAsLong() : null,
                    report.checkpointResult().orElse(null), SummariesView.of(report.summaries()));
        }
    }

    /** The verification summaries' chain: one link per sealed minute (and per amendment), walked as the events'. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "AuditSummaryChainReport", description = "The verification summaries' chain recomputed: one link"
            + " per sealed minute; the newest link of each minute still kept must match the minute's rows")
    record SummariesView(@Schema(description = "no broken link, and every sealed minute's rows match its newest link")
                         boolean intact,
                         @Schema(minimum = "0", maximum = ApiSchemas.MAX_LONG, format = "int64", description = "links removed by retention before the oldest link kept") long purged,
                         @Schema(minimum = "0", maximum = ApiSchemas.MAX_LONG, format = "int64", description = "the first link checked") long firstChecked,
                         @Schema(minimum = "0", maximum = ApiSchemas.MAX_LONG, format = "int64", description = "the last link checked") long lastChecked,
                         @Schema(minimum = "0", maximum = ApiSchemas.MAX_LONG, format = "int64", description = "how many links were checked") long checked,
                         @Schema(minimum = "0", maximum = ApiSchemas.MAX_LONG, format = "int64", description = "how many minutes' rows were checked against their newest link")
                         long minutesChecked,
                         @Schema(minimum = "0", maximum = ApiSchemas.MAX_LONG, format = "int64", description = "the summaries' chain's head: the last link written") long headSequence,
                         @Schema(pattern = HASH, maxLength = 64) String headHash,
                         @Nullable @Schema(nullable = true, allowableValues = {"edited", "inserted", "deleted"},
                                 description = "how the first broken link (or minute) broke; null when intact")
                         String broken,
                         @Nullable @Schema(minimum = "0", maximum = ApiSchemas.MAX_LONG, format = "int64", nullable = true, description = "the first broken link's sequence (0: a"
                                 + " sealed minute with rows but no link)") Long brokenSequence,
                         @Nullable @Schema(nullable = true, maxLength = 80) String expected,
                         @Nullable @Schema(nullable = true, maxLength = 80) String found,
                         @Nullable @Schema(nullable = true, maxLength = 300) String explanation,
                         @Nullable @Schema(minimum = "0", maximum = ApiSchemas.MAX_LONG, format = "int64", nullable = true, description = "the cap of one call stopped before the"
                                 + " head: call again with summariesFrom set to this") Long continueFrom) {

        static SummariesView of(VerifyAuditChain.Summaries summaries) {
            VerifyAuditChain.Break broken = summaries.firstBreak().orElse(null);
            return new SummariesView(summaries.intact(), summaries.purged(), summaries.firstChecked(),
                    summaries.lastChecked(), summaries.checked(), summaries.minutesChecked(),
                    summaries.headSequence(), summaries.headHash(),
                    broken == null ? null : broken.kind().name().toLowerCase(Locale.ROOT),
                    broken == null ? null : broken.sequence(), broken == null ? null : broken.expected(),
                    broken == null ? null : broken.found(), broken == null ? null : broken.explanation(),
                    summaries.continueFrom().isPresent() ? summaries.continueFrom().getAsLong() : null);
        }
    }
}
