package dev.latchkey.adapter.in.http.problem;

import dev.latchkey.adapter.in.http.common.ApiSchemas;
import dev.latchkey.adapter.in.http.common.RateLimitHeaders;
import dev.latchkey.adapter.in.http.common.RequestIds;
import dev.latchkey.adapter.in.http.common.SuccessResponses;
import dev.latchkey.adapter.in.http.ops.ApiDocument;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * For the OpenAPI document: what every key-protected operation shares, the two ways to present the key and the
 * problems (docs/api-guide.md §3) it can answer. Operations without it need no key.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ApiResponse(responseCode = "400", description = "validation_failed (the errors array names each field) or "
        + "ambiguous_credentials", headers = {@Header(name = RateLimitHeaders.LIMIT, description = SuccessResponses.LIMIT_DESCRIPTION, schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = ApiSchemas.MAX_RATE_LIMIT)),
                @Header(name = RateLimitHeaders.REMAINING, description = SuccessResponses.REMAINING_DESCRIPTION, schema = @Schema(type = "integer", format = "int32", minimum = "0", maximum = ApiSchemas.MAX_RATE_LIMIT)),
                @Header(name = RateLimitHeaders.RESET, description = SuccessResponses.RESET_DESCRIPTION, schema = @Schema(type = "integer", format = "int32", minimum = "0", maximum = ApiSchemas.MAX_RATE_LIMIT_PERIOD)),
                @Header(name = RequestIds.HEADER, description = SuccessResponses.REQUEST_ID_DESCRIPTION, schema = @Schema(type = "string", pattern = ApiSchemas.REQUEST_ID_PATTERN, maxLength = 64))}, content = @Content(mediaType = "application/problem+json",
        schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "401", description = "missing_key, malformed_key, invalid_key, expired_key, revoked_key "
        + "or disabled_user; with WWW-Authenticate: Bearer realm=\"latchkey\"",
        headers = {@Header(name = "WWW-Authenticate", description = "Bearer realm=\"latchkey\"", schema = @Schema(type = "string", maxLength = 200, pattern = "^Bearer realm=\"latchkey\".*$")),
                @Header(name = RequestIds.HEADER, description = SuccessResponses.REQUEST_ID_DESCRIPTION, schema = @Schema(type = "string", pattern = ApiSchemas.REQUEST_ID_PATTERN, maxLength = 64))},
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "403", description = "insufficient_scope (WWW-Authenticate names the scope needed), "
        + "usage_exceeded: the key's remaining uses are spent, or ip_not_allowed: the client address is outside the "
        + "key's allowedCidrs",
        headers = {@Header(name = "WWW-Authenticate", description = "for insufficient_scope: Bearer realm=\"latchkey\", error=\"insufficient_scope\", scope=\"<needed>\"", schema = @Schema(type = "string", maxLength = 4000, pattern = "^Bearer realm=\"latchkey\".*$")),
                @Header(name = RateLimitHeaders.LIMIT, description = SuccessResponses.LIMIT_DESCRIPTION, schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = ApiSchemas.MAX_RATE_LIMIT)),
                @Header(name = RateLimitHeaders.REMAINING, description = SuccessResponses.REMAINING_DESCRIPTION, schema = @Schema(type = "integer", format = "int32", minimum = "0", maximum = ApiSchemas.MAX_RATE_LIMIT)),
                @Header(name = RateLimitHeaders.RESET, description = SuccessResponses.RESET_DESCRIPTION, schema = @Schema(type = "integer", format = "int32", minimum = "0", maximum = ApiSchemas.MAX_RATE_LIMIT_PERIOD)),
                @Header(name = RequestIds.HEADER, description = SuccessResponses.REQUEST_ID_DESCRIPTION, schema = @Schema(type = "string", pattern = ApiSchemas.REQUEST_ID_PATTERN, maxLength = 64))},
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "404", description = "not_found", headers = {@Header(name = RateLimitHeaders.LIMIT, description = SuccessResponses.LIMIT_DESCRIPTION, schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = ApiSchemas.MAX_RATE_LIMIT)),
                @Header(name = RateLimitHeaders.REMAINING, description = SuccessResponses.REMAINING_DESCRIPTION, schema = @Schema(type = "integer", format = "int32", minimum = "0", maximum = ApiSchemas.MAX_RATE_LIMIT)),
                @Header(name = RateLimitHeaders.RESET, description = SuccessResponses.RESET_DESCRIPTION, schema = @Schema(type = "integer", format = "int32", minimum = "0", maximum = ApiSchemas.MAX_RATE_LIMIT_PERIOD)),
                @Header(name = RequestIds.HEADER, description = SuccessResponses.REQUEST_ID_DESCRIPTION, schema = @Schema(type = "string", pattern = ApiSchemas.REQUEST_ID_PATTERN, maxLength = 64))},
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "429", description = "rate_limited: the key's rate limit is exhausted (with its "
        + "RateLimit-* headers); or too_many_failures: the client address presented too many keys that did not "
        + "authenticate (latchkey.throttle.max-failures within latchkey.throttle.window), and every request of it that "
        + "presents a key is refused until the window passes. Retry-After (seconds) says when to try again",
        headers = {@Header(name = "Retry-After", description = "seconds until a request may succeed", schema = @Schema(type = "integer", format = "int32", minimum = "0", maximum = ApiSchemas.MAX_RATE_LIMIT_PERIOD)),
                @Header(name = RequestIds.HEADER, description = SuccessResponses.REQUEST_ID_DESCRIPTION, schema = @Schema(type = "string", pattern = ApiSchemas.REQUEST_ID_PATTERN, maxLength = 64)),
                @Header(name = RateLimitHeaders.LIMIT, description = "rate_limited only: the key's limit per period",
                        schema = @Schema(type = "integer", format = "int32", minimum = "0", maximum = ApiSchemas.MAX_RATE_LIMIT)),
                @Header(name = RateLimitHeaders.REMAINING, description = "rate_limited only: 0",
                        schema = @Schema(type = "integer", format = "int32", minimum = "0", maximum = ApiSchemas.MAX_RATE_LIMIT)),
                @Header(name = RateLimitHeaders.RESET, description = "rate_limited only: seconds until the whole limit "
                        + "is back", schema = @Schema(type = "integer", format = "int32", minimum = "0", maximum = ApiSchemas.MAX_RATE_LIMIT_PERIOD))},
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "503", description = "unavailable: the store cannot be reached; Retry-After says when "
        + "to try again", headers = {@Header(name = "Retry-After", description = "seconds until a request may succeed", schema = @Schema(type = "integer", format = "int32", minimum = "0", maximum = ApiSchemas.MAX_RATE_LIMIT_PERIOD)), @Header(name = RequestIds.HEADER, description = SuccessResponses.REQUEST_ID_DESCRIPTION, schema = @Schema(type = "string", pattern = ApiSchemas.REQUEST_ID_PATTERN, maxLength = 64))}, content = @Content(mediaType = "application/problem+json",
        schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "500", description = "internal_error: a bug; the log has the details, the answer has "
        + "none", headers = @Header(name = RequestIds.HEADER, description = SuccessResponses.REQUEST_ID_DESCRIPTION, schema = @Schema(type = "string", pattern = ApiSchemas.REQUEST_ID_PATTERN, maxLength = 64)), content = @Content(mediaType = "application/problem+json",
        schema = @Schema(implementation = Problem.class)))
@SecurityRequirement(name = ApiDocument.API_KEY)
@SecurityRequirement(name = ApiDocument.BEARER)
public @interface ProblemResponses {
}
