package dev.latchkey.adapter.in.http;

import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** For the OpenAPI document: the problems (API.md §3) every key-protected operation can answer. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ApiResponse(responseCode = "400", description = "validation_failed (the errors array names each field) or "
        + "ambiguous_credentials", content = @Content(mediaType = "application/problem+json",
        schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "401", description = "missing_key, malformed_key, invalid_key, expired_key, revoked_key "
        + "or disabled_user; with WWW-Authenticate: Bearer realm=\"latchkey\"",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "403", description = "insufficient_scope (WWW-Authenticate names the scope needed), or "
        + "usage_exceeded: the key's remaining uses are spent",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "404", description = "not_found",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "429", description = "rate_limited: the key's rate limit is exhausted (with its "
        + "RateLimit-* headers); or too_many_failures: the client address presented too many keys that did not "
        + "authenticate (latchkey.throttle.max-failures within latchkey.throttle.window), and every request of it that "
        + "presents a key is refused until the window passes. Retry-After (seconds) says when to try again",
        headers = {@Header(name = "Retry-After", description = "seconds until a request may succeed",
                schema = @Schema(type = "integer")),
                @Header(name = "RateLimit-Limit", description = "rate_limited only: the key's limit per period",
                        schema = @Schema(type = "integer")),
                @Header(name = "RateLimit-Remaining", description = "rate_limited only: 0",
                        schema = @Schema(type = "integer")),
                @Header(name = "RateLimit-Reset", description = "rate_limited only: seconds until the whole limit "
                        + "is back", schema = @Schema(type = "integer"))},
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "503", description = "unavailable: the store cannot be reached; Retry-After says when "
        + "to try again", content = @Content(mediaType = "application/problem+json",
        schema = @Schema(implementation = Problem.class)))
@interface ProblemResponses {
}
