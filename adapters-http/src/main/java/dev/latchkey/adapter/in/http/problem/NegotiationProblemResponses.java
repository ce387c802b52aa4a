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

/**
 * For the OpenAPI document: the problems of content negotiation and body size that every operation answered by a
 * controller can give (Micronaut answers them before the operation runs). Beside {@link ProblemResponses} on every
 * key-protected controller but the forward-auth one, which ignores Accept and the body.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ApiResponse(responseCode = "406", description = "not_acceptable: the request's Accept takes none of the types the "
        + "operation answers with (application/json; problems application/problem+json)", headers = {@Header(name = RateLimitHeaders.LIMIT, description = SuccessResponses.LIMIT_DESCRIPTION, schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = ApiSchemas.MAX_RATE_LIMIT)),
                @Header(name = RateLimitHeaders.REMAINING, description = SuccessResponses.REMAINING_DESCRIPTION, schema = @Schema(type = "integer", format = "int32", minimum = "0", maximum = ApiSchemas.MAX_RATE_LIMIT)),
                @Header(name = RateLimitHeaders.RESET, description = SuccessResponses.RESET_DESCRIPTION, schema = @Schema(type = "integer", format = "int32", minimum = "0", maximum = ApiSchemas.MAX_RATE_LIMIT_PERIOD)),
                @Header(name = RequestIds.HEADER, description = SuccessResponses.REQUEST_ID_DESCRIPTION, schema = @Schema(type = "string", pattern = ApiSchemas.REQUEST_ID_PATTERN, maxLength = 64))},
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "413", description = "payload_too_large: the body, or the headers together, are larger "
        + "than the server accepts", headers = {@Header(name = RateLimitHeaders.LIMIT, description = SuccessResponses.LIMIT_DESCRIPTION, schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = ApiSchemas.MAX_RATE_LIMIT)),
                @Header(name = RateLimitHeaders.REMAINING, description = SuccessResponses.REMAINING_DESCRIPTION, schema = @Schema(type = "integer", format = "int32", minimum = "0", maximum = ApiSchemas.MAX_RATE_LIMIT)),
                @Header(name = RateLimitHeaders.RESET, description = SuccessResponses.RESET_DESCRIPTION, schema = @Schema(type = "integer", format = "int32", minimum = "0", maximum = ApiSchemas.MAX_RATE_LIMIT_PERIOD)),
                @Header(name = RequestIds.HEADER, description = SuccessResponses.REQUEST_ID_DESCRIPTION, schema = @Schema(type = "string", pattern = ApiSchemas.REQUEST_ID_PATTERN, maxLength = 64))},
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "415", description = "unsupported_media_type: a request body whose Content-Type is not "
        + "application/json", headers = {@Header(name = RateLimitHeaders.LIMIT, description = SuccessResponses.LIMIT_DESCRIPTION, schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = ApiSchemas.MAX_RATE_LIMIT)),
                @Header(name = RateLimitHeaders.REMAINING, description = SuccessResponses.REMAINING_DESCRIPTION, schema = @Schema(type = "integer", format = "int32", minimum = "0", maximum = ApiSchemas.MAX_RATE_LIMIT)),
                @Header(name = RateLimitHeaders.RESET, description = SuccessResponses.RESET_DESCRIPTION, schema = @Schema(type = "integer", format = "int32", minimum = "0", maximum = ApiSchemas.MAX_RATE_LIMIT_PERIOD)),
                @Header(name = RequestIds.HEADER, description = SuccessResponses.REQUEST_ID_DESCRIPTION, schema = @Schema(type = "string", pattern = ApiSchemas.REQUEST_ID_PATTERN, maxLength = 64))},
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
public @interface NegotiationProblemResponses {
}
