package dev.latchkey.adapter.in.http.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.latchkey.adapter.in.http.common.ApiSchemas;
import dev.latchkey.adapter.in.http.common.Views;
import dev.latchkey.application.port.in.paging.Page;
import dev.latchkey.application.port.in.paging.PageRequest;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.audit.AuditEvent;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The JSON shapes of the audit trail in responses. Absent values are written as {@code null}. */
final class AuditViews {

    private AuditViews() {
    }

    /** A page of audit events, newest first; {@code nextCursor} is null on the last page. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "AuditEventPage")
    record AuditEventPage(@ArraySchema(maxItems = PageRequest.MAX_LIMIT) List<AuditEventView> items,
                          @Nullable @Schema(pattern = ApiSchemas.CURSOR_PATTERN, maxLength = ApiSchemas.CURSOR_LENGTH,
                                  nullable = true) String nextCursor) {
        static AuditEventPage of(Page<AuditEvent> page) {
            return new AuditEventPage(page.items().stream().map(AuditEventView::of).toList(),
                    page.nextCursor().orElse(null));
        }
    }

    /**
     * One audit event; {@code outcome} is {@code success} or {@code failure}. A change is one event ({@code count} 1,
     * {@code firstAt} and {@code lastAt} its {@code at}); a {@code key.verified} or {@code key.rejected} item is a
     * summary of {@code count} verifications of one key from one client address with one code in the minute starting
     * at {@code at}.
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "AuditEvent")
    record AuditEventView(@Schema(pattern = "^[0-9]{1,19}$", maxLength = 19) String id,
                          @Schema(format = ApiSchemas.DATE_TIME, maxLength = ApiSchemas.DATE_TIME_LENGTH) String at,
                          @Schema(allowableValues = {"user.created", "user.updated", "user.deleted", "key.issued",
                                  "key.updated", "key.revoked", "key.rotated", "key.leaked", "key.verified",
                                  "key.rejected", "key.honeytoken_used", "key.new_network", "key.explained"})
                          String type,
                          @Schema(allowableValues = {"success", "failure"}) String outcome,
                          @Nullable @Schema(nullable = true, maxLength = ApiSchemas.SHORT_TEXT_LENGTH,
                                  pattern = "^[A-Z_]{1,64}$", description = "a verification's verdict code; for key.leaked what was"
                                  + " done: REVOKED, FLAGGED or NONE")
                          String code,
                          @Nullable @Schema(pattern = ApiSchemas.KEY_ID_PATTERN, maxLength = KeyId.LENGTH,
                                  nullable = true) String keyId,
                          @Nullable @Schema(pattern = ApiSchemas.USER_ID_PATTERN,
                                  maxLength = ApiSchemas.USER_ID_LENGTH, nullable = true) String userId,
                          @Nullable @Schema(pattern = ApiSchemas.KEY_ID_PATTERN, maxLength = KeyId.LENGTH,
                                  nullable = true, description = "the key that made the change") String actorKeyId,
                          @Nullable @Schema(maxLength = AuditEvent.MAX_TEXT, nullable = true,
                                  pattern = "^([0-9a-fA-F.:]{2,64}|overflow)$", description = "overflow: a summary"
                                  + " of the verifications past latchkey.audit.max-summaries-per-minute in its"
                                  + " minute (no key id)") String clientIp,
                          @Nullable @Schema(maxLength = AuditEvent.MAX_TEXT, nullable = true,
                                  pattern = ApiSchemas.REQUEST_ID_PATTERN, description = "null on a verification"
                                  + " summary") String requestId,
                          @Nullable @Schema(maxLength = AuditEvent.MAX_DETAIL, nullable = true,
                                  description = "key.leaked: where the key was found, as the report said;"
                                          + " key.honeytoken_used: the route and user agent of the presentation")
                          String detail,
                          @Schema(type = "integer", format = "int64", minimum = "1", maximum = "9223372036854775807",
                                  description = "how many events this item stands for: 1 for a change, the"
                                  + " verifications summarised for key.verified and key.rejected") long count,
                          @Schema(format = ApiSchemas.DATE_TIME, maxLength = ApiSchemas.DATE_TIME_LENGTH,
                                  description = "the first of the events") String firstAt,
                          @Schema(format = ApiSchemas.DATE_TIME, maxLength = ApiSchemas.DATE_TIME_LENGTH,
                                  description = "the last of the events") String lastAt) {
        static AuditEventView of(AuditEvent event) {
            return new AuditEventView(Long.toString(event.id()), Views.timestamp(event.at()), event.type().wireName(),
                    event.success() ? "success" : "failure", event.code(),
                    event.keyId() == null ? null : event.keyId().value(),
                    event.userId() == null ? null : event.userId().value(),
                    event.actorKeyId() == null ? null : event.actorKeyId().value(), event.clientIp(),
                    event.requestId(), event.detail(), event.count(), Views.timestamp(event.firstAt()),
                    Views.timestamp(event.lastAt()));
        }
    }
}
