package dev.latchkey.adapter.in.http.audit;

import dev.latchkey.adapter.in.http.common.ApiSchemas;
import dev.latchkey.adapter.in.http.common.JsonFields;
import dev.latchkey.adapter.in.http.common.SuccessResponses;
import dev.latchkey.adapter.in.http.problem.NegotiationProblemResponses;
import dev.latchkey.adapter.in.http.problem.ProblemResponses;
import dev.latchkey.application.port.in.audit.ListAuditEvents;
import dev.latchkey.application.port.in.paging.PageRequest;
import dev.latchkey.domain.audit.AuditFilter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;

/** {@code GET /v1/audit-events}: the audit trail, newest first, filtered, a page at a time. */
@Controller("/v1/audit-events")
@ProblemResponses
@NegotiationProblemResponses
class AuditController {

    private final ListAuditEvents listAuditEvents;

    AuditController(ListAuditEvents listAuditEvents) {
        this.listAuditEvents = listAuditEvents;
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
