package dev.latchkey.adapter.in.http.audit;

import dev.latchkey.adapter.in.http.common.ApiSchemas;
import dev.latchkey.adapter.in.http.common.JsonFields;
import dev.latchkey.adapter.in.http.common.SuccessResponses;
import dev.latchkey.adapter.in.http.problem.NegotiationProblemResponses;
import dev.latchkey.adapter.in.http.problem.ProblemCode;
import dev.latchkey.adapter.in.http.problem.ProblemResponses;
import dev.latchkey.adapter.in.http.problem.Problems;
import dev.latchkey.application.port.in.audit.ListAuditEvents;
import dev.latchkey.application.port.in.audit.VerifyAuditChain;
import dev.latchkey.application.port.in.paging.PageRequest;
import dev.latchkey.domain.InvalidValueException;
import dev.latchkey.domain.audit.AuditFilter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;

/**
 * {@code GET /v1/audit-events}: the audit trail, newest first, filtered, a page at a time; {@code GET
 * /v1/audit-events/chain}: the audit chain recomputed (docs/audit-chain.md).
 */
@Controller("/v1/audit-events")
@ProblemResponses
@NegotiationProblemResponses
class AuditController {

    private static final Pattern SEQUENCE = Pattern.compile("[1-9][0-9]{0,17}");
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    private final ListAuditEvents listAuditEvents;
    private final VerifyAuditChain verifyAuditChain;
    /** One walk of the chain at a time on this node: each holds a worker thread and a connection until it ends. */
    private final Semaphore walking = new Semaphore(1);

    AuditController(ListAuditEvents listAuditEvents, VerifyAuditChain verifyAuditChain) {
        this.listAuditEvents = listAuditEvents;
        this.verifyAuditChain = verifyAuditChain;
    }

    @SuccessResponses.Ok
    @Operation(operationId = "verifyAuditChain", summary = "Recompute the audit chain and report its first broken link",
            description = "Walks the chain from the oldest link kept (or from since) towards the head, at most"
                    + " limit links a call (continueFrom says where the next call starts), recomputing each link's"
                    + " SHA-256; reports the first edited, inserted or deleted row. Then walks the verification"
                    + " summaries' chain (one link per sealed minute) the same way, from summariesFrom, with the same"
                    + " cap, and checks each minute's rows against its newest link (summaries). One walk at a time on"
                    + " each node: another call meanwhile is a 429 (rate_limited, with Retry-After). See"
                    + " docs/audit-chain.md.",
            tags = "audit")
    @Get("/chain")
    @Secured("audit:read")
    AuditChainViews.ReportView chain(
            @QueryValue @Nullable @Parameter(description = "where to start: a link's sequence (as continueFrom"
                    + " gives), or an RFC 3339 time (the link of the first event at or after it)",
                    schema = @Schema(type = "string", maxLength = ApiSchemas.DATE_TIME_LENGTH)) String since,
            @QueryValue @Nullable @Parameter(description = "at most this many links in this call", schema = @Schema(
                    type = "integer", format = "int32", minimum = "1",
                    maximum = "" + VerifyAuditChain.MAX_LINKS_PER_CALL,
                    defaultValue = "" + VerifyAuditChain.MAX_LINKS_PER_CALL)) Integer limit,
            @QueryValue @Nullable @Parameter(description = "with checkpointHash: the sequence of an audit.checkpoint"
                    + " webhook's head; the chain must still hold its hash there (its signature is checked by"
                    + " latchkey audit verify --checkpoint)", schema = @Schema(type = "integer", format = "int64",
                    minimum = "1", maximum = ApiSchemas.MAX_LONG)) Long checkpointSequence,
            @QueryValue @Nullable @Parameter(description = "with checkpointSequence: the checkpoint's headHash",
                    schema = @Schema(type = "string", pattern = "^[0-9a-f]{64}$", maxLength = 64))
            String checkpointHash,
            @QueryValue @Nullable @Parameter(description = "where to start in the verification summaries' chain: a"
                    + " link's sequence, as summaries.continueFrom gives (default: its oldest link kept)",
                    schema = @Schema(type = "integer", format = "int64", minimum = "1",
                            maximum = ApiSchemas.MAX_LONG)) Long summariesFrom) {
        if (summariesFrom != null && summariesFrom < 1) {
            throw new InvalidValueException("summariesFrom", "summariesFrom must be a link's sequence (1, 2, ...)");
        }
        if (limit != null && (limit < 1 || limit > VerifyAuditChain.MAX_LINKS_PER_CALL)) {
            throw new InvalidValueException("limit", "limit must be from 1 to " + VerifyAuditChain.MAX_LINKS_PER_CALL);
        }
        OptionalLong fromSequence = OptionalLong.empty();
        Optional<Instant> fromTime = Optional.empty();
        if (since != null && SEQUENCE.matcher(since).matches()) {
            fromSequence = OptionalLong.of(Long.parseLong(since));
        } else if (since != null) {
            try {
                fromTime = Optional.of(JsonFields.timestamp("since", since));
            } catch (InvalidValueException e) {
                throw new InvalidValueException("since", "since must be a link's sequence (1, 2, ...) or an RFC 3339"
                        + " timestamp, e.g. 2026-11-22T10:15:30Z");
            }
        }
        if ((checkpointSequence == null) != (checkpointHash == null)) {
            throw new InvalidValueException("checkpointHash", "checkpointSequence and checkpointHash go together");
        }
        Optional<VerifyAuditChain.Checkpoint> checkpoint = Optional.empty();
        if (checkpointSequence != null) {
            if (checkpointSequence < 1 || !HASH.matcher(checkpointHash).matches()) {
                throw new InvalidValueException("checkpointHash", "a checkpoint is a sequence of at least 1 and a"
                        + " hash of 64 lowercase hex digits");
            }
            checkpoint = Optional.of(new VerifyAuditChain.Checkpoint(checkpointSequence, checkpointHash));
        }
        VerifyAuditChain.Request request = new VerifyAuditChain.Request(fromSequence, fromTime,
                limit == null ? VerifyAuditChain.MAX_LINKS_PER_CALL : limit, checkpoint,
                summariesFrom == null ? OptionalLong.empty() : OptionalLong.of(summariesFrom));
        if (!walking.tryAcquire()) {
            throw new ChainWalkBusy();
        }
        try {
            return AuditChainViews.ReportView.of(verifyAuditChain.verify(request));
        } finally {
            walking.release();
        }
    }

    /** Another walk of the chain is going on on this node. */
    static final class ChainWalkBusy extends RuntimeException {

        ChainWalkBusy() {
            super("another verification of the audit chain is running on this node", null, false, false);
        }
    }

    /** 429 with Retry-After: the walk does not queue (it would hold the shared pools), the client retries. */
    @Singleton
    @Produces
    static final class ChainWalkBusyHandler implements ExceptionHandler<ChainWalkBusy, MutableHttpResponse<?>> {

        static final String RETRY_AFTER_SECONDS = "5";

        @Override
        public MutableHttpResponse<?> handle(HttpRequest request, ChainWalkBusy exception) {
            return Problems.response(request, ProblemCode.RATE_LIMITED, exception.getMessage() + "; retry shortly")
                    .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
    }

    @SuccessResponses.Ok
    @Operation(operationId = "listAuditEvents", summary = "List audit events, newest first", tags = "audit")
    @Get
    @Secured("audit:read")
    AuditViews.AuditEventPage list(
            @QueryValue @Nullable @Parameter(schema = @Schema(type = "string", pattern = ApiSchemas.USER_ID_PATTERN,
                    maxLength = ApiSchemas.USER_ID_LENGTH)) String userId,
            @QueryValue @Nullable @Parameter(schema = @Schema(type = "string", pattern = ApiSchemas.KEY_ID_PATTERN, maxLength = ApiSchemas.KEY_ID_LENGTH))
            String keyId,
            @QueryValue @Nullable @Parameter(schema = @Schema(allowableValues = {"user.created", "user.updated",
                    "user.deleted", "key.issued", "key.updated", "key.revoked", "key.rotated", "key.leaked", "key.verified",
                    "key.rejected", "key.honeytoken_used", "key.new_network", "key.explained"})) String type,
            @QueryValue @Nullable @Parameter(description = "inclusive, RFC 3339", schema = @Schema(format = ApiSchemas.DATE_TIME, maxLength = ApiSchemas.DATE_TIME_LENGTH)) String since,
            @QueryValue @Nullable @Parameter(description = "exclusive, RFC 3339", schema = @Schema(format = ApiSchemas.DATE_TIME, maxLength = ApiSchemas.DATE_TIME_LENGTH)) String until,
            @QueryValue @Nullable @Parameter(description = "page size", schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = "" + PageRequest.MAX_LIMIT, defaultValue = "" + PageRequest.DEFAULT_LIMIT)) Integer limit, @QueryValue @Nullable @Parameter(description = "the nextCursor of the previous page", schema = @Schema(type = "string", pattern = ApiSchemas.CURSOR_PATTERN, maxLength = ApiSchemas.CURSOR_LENGTH)) String cursor) {
        AuditFilter filter = AuditFilters.of(userId, keyId, type, JsonFields.timestamp("since", since),
                JsonFields.timestamp("until", until));
        return AuditViews.AuditEventPage.of(listAuditEvents.list(filter, PageRequest.of(limit, cursor)));
    }
}
