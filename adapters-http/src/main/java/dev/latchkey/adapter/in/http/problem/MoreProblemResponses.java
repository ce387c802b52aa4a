package dev.latchkey.adapter.in.http.problem;

import dev.latchkey.adapter.in.http.common.ApiSchemas;
import dev.latchkey.adapter.in.http.common.RateLimitHeaders;
import dev.latchkey.adapter.in.http.common.RequestIds;
import dev.latchkey.adapter.in.http.common.SuccessResponses;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** For the OpenAPI document: the problems only some operations answer, with the headers every problem carries. */
public final class MoreProblemResponses {

    private MoreProblemResponses() {
    }

    /** {@code 409 conflict}: what the description says. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "409", description = "conflict: a user with that externalId exists, or the key is "
            + "revoked, expired or already rotated", headers = {
            @Header(name = RateLimitHeaders.LIMIT, description = SuccessResponses.LIMIT_DESCRIPTION,
                    schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = ApiSchemas.MAX_RATE_LIMIT)),
            @Header(name = RateLimitHeaders.REMAINING, description = SuccessResponses.REMAINING_DESCRIPTION,
                    schema = @Schema(type = "integer", format = "int32", minimum = "0", maximum = ApiSchemas.MAX_RATE_LIMIT)),
            @Header(name = RateLimitHeaders.RESET, description = SuccessResponses.RESET_DESCRIPTION,
                    schema = @Schema(type = "integer", format = "int32", minimum = "0", maximum = ApiSchemas.MAX_RATE_LIMIT_PERIOD)),
            @Header(name = RequestIds.HEADER, description = SuccessResponses.REQUEST_ID_DESCRIPTION,
                    schema = @Schema(type = "string", pattern = ApiSchemas.REQUEST_ID_PATTERN, maxLength = 64))},
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public @interface Conflict {
    }

    /** {@code 422 processing_failed} of the sample resource. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "422", description = "processing_failed: status is not SUCCESS", headers = {
            @Header(name = RateLimitHeaders.LIMIT, description = SuccessResponses.LIMIT_DESCRIPTION,
                    schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = ApiSchemas.MAX_RATE_LIMIT)),
            @Header(name = RateLimitHeaders.REMAINING, description = SuccessResponses.REMAINING_DESCRIPTION,
                    schema = @Schema(type = "integer", format = "int32", minimum = "0", maximum = ApiSchemas.MAX_RATE_LIMIT)),
            @Header(name = RateLimitHeaders.RESET, description = SuccessResponses.RESET_DESCRIPTION,
                    schema = @Schema(type = "integer", format = "int32", minimum = "0", maximum = ApiSchemas.MAX_RATE_LIMIT_PERIOD)),
            @Header(name = RequestIds.HEADER, description = SuccessResponses.REQUEST_ID_DESCRIPTION,
                    schema = @Schema(type = "string", pattern = ApiSchemas.REQUEST_ID_PATTERN, maxLength = 64))},
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public @interface ProcessingFailed {
    }
}
