package dev.latchkey.adapter.in.http.common;


import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * For the OpenAPI document: the headers of a key-protected operation's success, which the generated body schema lacks:
 * the key's {@code RateLimit-*} (when it has a rate limit) and {@code X-Request-Id}.
 */
public final class SuccessResponses {

    public static final String LIMIT_DESCRIPTION = "for a key with a rate limit: its limit per period";
    public static final String REMAINING_DESCRIPTION = "for a key with a rate limit: the uses left now";
    public static final String RESET_DESCRIPTION = "for a key with a rate limit: seconds until the whole limit is back";
    public static final String REQUEST_ID_DESCRIPTION = "the request's id (the client's own when sane)";

    private SuccessResponses() {
    }

    /** {@code 200} with the key's rate-limit headers and the request id. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "200", description = "OK", headers = {
            @Header(name = RateLimitHeaders.LIMIT, description = LIMIT_DESCRIPTION,
                    schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = ApiSchemas.MAX_RATE_LIMIT)),
            @Header(name = RateLimitHeaders.REMAINING, description = REMAINING_DESCRIPTION,
                    schema = @Schema(type = "integer", format = "int32", minimum = "0", maximum = ApiSchemas.MAX_RATE_LIMIT)),
            @Header(name = RateLimitHeaders.RESET, description = RESET_DESCRIPTION,
                    schema = @Schema(type = "integer", format = "int32", minimum = "0", maximum = ApiSchemas.MAX_RATE_LIMIT_PERIOD)),
            @Header(name = RequestIds.HEADER, description = REQUEST_ID_DESCRIPTION,
                    schema = @Schema(type = "string", pattern = ApiSchemas.REQUEST_ID_PATTERN, maxLength = 64))})
    public @interface Ok {
    }

    /** {@code 201} with the new resource's {@code Location}, the key's rate-limit headers and the request id. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "201", description = "created", headers = {
            @Header(name = "Location", description = "the path of what was created",
                    schema = @Schema(type = "string", format = "uri-reference", maxLength = 80)),
            @Header(name = RateLimitHeaders.LIMIT, description = LIMIT_DESCRIPTION,
                    schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = ApiSchemas.MAX_RATE_LIMIT)),
            @Header(name = RateLimitHeaders.REMAINING, description = REMAINING_DESCRIPTION,
                    schema = @Schema(type = "integer", format = "int32", minimum = "0", maximum = ApiSchemas.MAX_RATE_LIMIT)),
            @Header(name = RateLimitHeaders.RESET, description = RESET_DESCRIPTION,
                    schema = @Schema(type = "integer", format = "int32", minimum = "0", maximum = ApiSchemas.MAX_RATE_LIMIT_PERIOD)),
            @Header(name = RequestIds.HEADER, description = REQUEST_ID_DESCRIPTION,
                    schema = @Schema(type = "string", pattern = ApiSchemas.REQUEST_ID_PATTERN, maxLength = 64))})
    public @interface Created {
    }

    /** {@code 204} with the key's rate-limit headers and the request id. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "204", description = "done; no body", headers = {
            @Header(name = RateLimitHeaders.LIMIT, description = LIMIT_DESCRIPTION,
                    schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = ApiSchemas.MAX_RATE_LIMIT)),
            @Header(name = RateLimitHeaders.REMAINING, description = REMAINING_DESCRIPTION,
                    schema = @Schema(type = "integer", format = "int32", minimum = "0", maximum = ApiSchemas.MAX_RATE_LIMIT)),
            @Header(name = RateLimitHeaders.RESET, description = RESET_DESCRIPTION,
                    schema = @Schema(type = "integer", format = "int32", minimum = "0", maximum = ApiSchemas.MAX_RATE_LIMIT_PERIOD)),
            @Header(name = RequestIds.HEADER, description = REQUEST_ID_DESCRIPTION,
                    schema = @Schema(type = "string", pattern = ApiSchemas.REQUEST_ID_PATTERN, maxLength = 64))})
    public @interface NoContent {
    }
}
