package dev.latchkey.adapter.in.http.gateway;

import dev.latchkey.adapter.in.http.common.ApiSchemas;
import dev.latchkey.adapter.in.http.common.RequestIds;
import dev.latchkey.adapter.in.http.problem.ProblemResponses;
import dev.latchkey.adapter.in.http.security.RateLimitHeaders;
import dev.latchkey.adapter.in.http.security.VerdictAnswers;

import io.swagger.v3.oas.annotations.Parameter;

import io.swagger.v3.oas.annotations.responses.ApiResponse;

import io.swagger.v3.oas.annotations.media.Schema;


import io.swagger.v3.oas.annotations.Operation;

import io.micronaut.core.annotation.NonBlocking;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

/**
 * {@code /v1/auth}: forward authentication for gateways (nginx {@code auth_request}, Traefik {@code ForwardAuth},
 * Envoy {@code ext_authz} over HTTP). The key arrives in the original request's headers; a 200 carries who it is,
 * refusals are the usual 401/403 problems. {@code X-Required-Scopes: a,b} names scopes the key must grant.
 * This class describes the route for the OpenAPI document only: {@link ForwardAuthFilter} answers every request to
 * it before security and routing run (a gateway asks here for every request it forwards), so these methods are
 * never called.
 */
@Controller("/v1/auth")
@Secured(SecurityRule.IS_ANONYMOUS)
@ProblemResponses
@ApiResponse(responseCode = "200", description = "The key is valid and holds every scope of X-Required-Scopes. No "
        + "body: who it is travels in headers, for the gateway to pass on.", headers = {
        @io.swagger.v3.oas.annotations.headers.Header(name = ForwardAuthController.USER_ID, description = "the owner of the key",
                schema = @Schema(type = "string", pattern = ApiSchemas.USER_ID_PATTERN, maxLength = ApiSchemas.USER_ID_LENGTH)),
        @io.swagger.v3.oas.annotations.headers.Header(name = ForwardAuthController.KEY_ID, description = "the key's id",
                schema = @Schema(type = "string", pattern = ApiSchemas.KEY_ID_PATTERN, maxLength = ApiSchemas.KEY_ID_LENGTH)),
        @io.swagger.v3.oas.annotations.headers.Header(name = ForwardAuthController.SCOPES, description = "the key's scopes, comma-separated",
                schema = @Schema(type = "string", maxLength = ApiSchemas.SCOPE_LIST_LENGTH)),
        @io.swagger.v3.oas.annotations.headers.Header(name = RateLimitHeaders.LIMIT, description = "for a key with a rate limit: its limit per period",
                schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = ApiSchemas.MAX_RATE_LIMIT)),
        @io.swagger.v3.oas.annotations.headers.Header(name = RateLimitHeaders.REMAINING, description = "for a key with a rate limit: uses left now",
                schema = @Schema(type = "integer", format = "int32", minimum = "0", maximum = ApiSchemas.MAX_RATE_LIMIT)),
        @io.swagger.v3.oas.annotations.headers.Header(name = RateLimitHeaders.RESET, description = "for a key with a rate limit: seconds until the whole "
                + "limit is back", schema = @Schema(type = "integer", format = "int32", minimum = "0",
                maximum = ApiSchemas.MAX_RATE_LIMIT_PERIOD)),
        @io.swagger.v3.oas.annotations.headers.Header(name = RequestIds.HEADER, description = "the request's id", schema = @Schema(type = "string",
                pattern = ApiSchemas.REQUEST_ID_PATTERN, maxLength = 64))})
class ForwardAuthController {

    static final String REQUIRED_SCOPES = "X-Required-Scopes";
    static final String USER_ID = VerdictAnswers.USER_ID;
    static final String KEY_ID = VerdictAnswers.KEY_ID;
    static final String SCOPES = VerdictAnswers.SCOPES;
    private static final String REQUIRED_SCOPES_DOC = "scopes the key must hold, comma-separated; sent at most once "
            + "(two X-Required-Scopes headers are a 400, never read as either one)";

    // Gateways may mirror the original method: every method gets the same answer (HEAD through GET).
    @Operation(operationId = "forwardAuth", summary = "Forward authentication for a gateway", tags = "gateway")
    @Get
    @NonBlocking
    HttpResponse<Void> get(HttpRequest<?> request, @Nullable Authentication authentication,
                       @Header(REQUIRED_SCOPES) @Nullable @Parameter(description = REQUIRED_SCOPES_DOC, schema = @Schema(type = "string", maxLength = ApiSchemas.SCOPE_LIST_LENGTH, pattern = ApiSchemas.SCOPE_LIST_PATTERN)) String requiredScopes) {
        throw answeredByTheFilter();
    }

    @Operation(operationId = "forwardAuthPost", summary = "Forward authentication (POST mirrored)", tags = "gateway")
    @Post
    @NonBlocking
    HttpResponse<Void> post(HttpRequest<?> request, @Nullable Authentication authentication,
                       @Header(REQUIRED_SCOPES) @Nullable @Parameter(description = REQUIRED_SCOPES_DOC, schema = @Schema(type = "string", maxLength = ApiSchemas.SCOPE_LIST_LENGTH, pattern = ApiSchemas.SCOPE_LIST_PATTERN)) String requiredScopes) {
        throw answeredByTheFilter();
    }

    @Operation(operationId = "forwardAuthPut", summary = "Forward authentication (PUT mirrored)", tags = "gateway")
    @Put
    @NonBlocking
    HttpResponse<Void> put(HttpRequest<?> request, @Nullable Authentication authentication,
                       @Header(REQUIRED_SCOPES) @Nullable @Parameter(description = REQUIRED_SCOPES_DOC, schema = @Schema(type = "string", maxLength = ApiSchemas.SCOPE_LIST_LENGTH, pattern = ApiSchemas.SCOPE_LIST_PATTERN)) String requiredScopes) {
        throw answeredByTheFilter();
    }

    @Operation(operationId = "forwardAuthPatch", summary = "Forward authentication (PATCH mirrored)", tags = "gateway")
    @Patch
    @NonBlocking
    HttpResponse<Void> patch(HttpRequest<?> request, @Nullable Authentication authentication,
                       @Header(REQUIRED_SCOPES) @Nullable @Parameter(description = REQUIRED_SCOPES_DOC, schema = @Schema(type = "string", maxLength = ApiSchemas.SCOPE_LIST_LENGTH, pattern = ApiSchemas.SCOPE_LIST_PATTERN)) String requiredScopes) {
        throw answeredByTheFilter();
    }

    @Operation(operationId = "forwardAuthDelete", summary = "Forward authentication (DELETE mirrored)", tags = "gateway")
    @Delete
    @NonBlocking
    HttpResponse<Void> delete(HttpRequest<?> request, @Nullable Authentication authentication,
                       @Header(REQUIRED_SCOPES) @Nullable @Parameter(description = REQUIRED_SCOPES_DOC, schema = @Schema(type = "string", maxLength = ApiSchemas.SCOPE_LIST_LENGTH, pattern = ApiSchemas.SCOPE_LIST_PATTERN)) String requiredScopes) {
        throw answeredByTheFilter();
    }

    /** The declared types say what the OpenAPI document shows: for the 200, headers and no body. */
    private static IllegalStateException answeredByTheFilter() {
        return new IllegalStateException("/v1/auth is answered by ForwardAuthFilter");
    }
}
