package dev.latchkey.adapter.in.http.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.latchkey.adapter.in.http.common.ApiSchemas;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** An RFC 9457 problem document; {@code errors} lists invalid fields of a {@code validation_failed}. */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem")
public record Problem(@Schema(pattern = "^urn:latchkey:problem:[a-z_]{1,40}$", maxLength = 64) String type,
               @Schema(maxLength = ApiSchemas.SHORT_TEXT_LENGTH) String title,
               @Schema(minimum = "400", maximum = "599", format = "int32") int status,
               @Schema(description = "what a program branches on", allowableValues = {"validation_failed",
                       "ambiguous_credentials", "missing_key", "malformed_key", "invalid_key", "expired_key",
                       "revoked_key", "disabled_user", "invalid_signature", "insufficient_scope", "usage_exceeded",
                       "ip_not_allowed", "not_found",
                       "method_not_allowed", "not_acceptable", "conflict", "payload_too_large", "uri_too_long",
                       "unsupported_media_type", "processing_failed", "internal_error", "rate_limited",
                       "too_many_failures", "unavailable"}) String code,
               @Schema(description = "for people", maxLength = ApiSchemas.DETAIL_LENGTH) String detail,
               @Nullable @Schema(description = "the request's X-Request-Id", pattern = ApiSchemas.REQUEST_ID_PATTERN,
                       maxLength = ApiSchemas.SHORT_TEXT_LENGTH) String requestId,
               @Nullable @ArraySchema(maxItems = 100) List<FieldError> errors) {

    /** One invalid field: its name as the API calls it and what is wrong with it. */
    @Serdeable
    @Schema(name = "FieldError")
    record FieldError(@Schema(maxLength = ApiSchemas.SHORT_TEXT_LENGTH) String field,
                      @Schema(maxLength = ApiSchemas.DETAIL_LENGTH) String message) {
    }
}
