package dev.latchkey.adapter.in.http.gateway;

import dev.latchkey.adapter.in.http.common.ApiSchemas;
import dev.latchkey.adapter.in.http.common.RateLimitHeaders;
import dev.latchkey.adapter.in.http.common.RequestIds;
import dev.latchkey.adapter.in.http.problem.ProblemResponses;
import dev.latchkey.adapter.in.http.security.VerdictAnswers;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.NonBlocking;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Options;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestBean;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/**
 * {@code /v1/auth}: forward authentication for gateways (nginx {@code auth_request}, Caddy {@code forward_auth},
 * Traefik {@code ForwardAuth}, Envoy {@code ext_authz} over HTTP, Kubernetes ingress-nginx {@code auth-url}). The key
 * arrives in the original request's headers; a 200 carries who it is, refusals are the usual problems.
 * {@code X-Required-Scopes: a,b} or, on {@code /v1/auth}, {@code ?scopes=a,b} names scopes the key must grant.
 * This class describes the route for the OpenAPI document only: {@link ForwardAuthFilter} answers every request to
 * it and to every path below it, for every method, before security and routing run (a gateway asks here for every
 * request it forwards), so these methods are never called.
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
        @io.swagger.v3.oas.annotations.headers.Header(name = RequestIds.HEADER, description = "the request's id", schema = @Schema(
                type = "string", pattern = ApiSchemas.REQUEST_ID_PATTERN, maxLength = 64))})
class ForwardAuthController {

    static final String REQUIRED_SCOPES = "X-Required-Scopes";
    static final String USER_ID = VerdictAnswers.USER_ID;
    static final String KEY_ID = VerdictAnswers.KEY_ID;
    static final String SCOPES = VerdictAnswers.SCOPES;
    static final String REFUSAL_STATUS = ForwardAuthFilter.REFUSAL_STATUS;
    private static final String REQUIRED_SCOPES_DOC = "scopes the key must hold, comma-separated; sent at most once "
            + "(two X-Required-Scopes headers are a 400, never read as either one; with ?scopes= too, a 400)";
    private static final String SCOPES_QUERY_DOC = "on exactly /v1/auth (for a gateway whose auth address is fixed, "
            + "such as Traefik): scopes the key must hold, comma-separated. It is the only query parameter /v1/auth "
            + "takes: any other, scopes twice or naming no scope, or scopes beside X-Required-Scopes is a 400 "
            + "validation_failed. Below /v1/auth/ the path and query are the client's (Envoy's ext_authz appends them) "
            + "and are not read, but for a scopes= on /v1/auth/ itself, which can only add to what the key must hold";
    private static final String REFUSAL_STATUS_DOC = "403: a refusal that would be 429 (rate_limited, "
            + "too_many_failures) or 503 (unavailable) is a 403 instead, with the same problem type and code and its "
            + "Retry-After, for a proxy that makes any status but 401 and 403 an error (nginx auth_request, "
            + "ingress-nginx). The setting latchkey.http.forward-auth.refusal-status=403 does the same for every "
            + "request. Any other value, or the header twice, is a 400";
    static final String DESCRIPTION = "Answers /v1/auth and every path below it (/v1/auth/orders/42?page=2: Envoy's "
            + "ext_authz appends the client's path to its path_prefix), for every method (HEAD as GET, OPTIONS and "
            + "others too). The request's body and Content-Type are ignored (never read), and so is Accept: the 200 "
            + "has no body, a refusal is always application/problem+json. The 200's identity headers are always sent, "
            + "empty when empty, so a gateway that copies them overwrites a client's forged ones.";

    /**
     * What a gateway may ask besides the key, the same for every method: the parameters of each operation below, bound
     * as one bean so that they are written once.
     */
    @Introspected
    record GatewayAsks(
            @Header(REQUIRED_SCOPES) @Nullable @Parameter(description = REQUIRED_SCOPES_DOC, schema = @Schema(type = "string", maxLength = ApiSchemas.SCOPE_LIST_LENGTH, pattern = ApiSchemas.SCOPE_LIST_PATTERN)) String requiredScopes,
            @QueryValue(ForwardAuthFilter.SCOPES_PARAMETER) @Nullable @Parameter(description = SCOPES_QUERY_DOC, schema = @Schema(type = "string", maxLength = ApiSchemas.SCOPE_LIST_LENGTH, pattern = ApiSchemas.SCOPE_LIST_PATTERN)) String scopes,
            @Header(REFUSAL_STATUS) @Nullable @Parameter(description = REFUSAL_STATUS_DOC, schema = @Schema(type = "string", allowableValues = "403", maxLength = 3)) String refusalStatus) {
    }

    // Gateways may mirror the original method: every method gets the same answer (HEAD through GET; methods without an
    // operation here, e.g. PROPFIND, too). Micronaut maps one method per HTTP method, so there is one (empty) operation
    // each; the filter answers them all.
    @Operation(operationId = "forwardAuth", summary = "Forward authentication for a gateway", description = DESCRIPTION, tags = "gateway")
    @Get
    @NonBlocking
    HttpResponse<Void> get(@RequestBean GatewayAsks asks) {
        throw answeredByTheFilter();
    }

    @Operation(operationId = "forwardAuthPost", summary = "Forward authentication (POST mirrored)", description = DESCRIPTION, tags = "gateway")
    @Post
    @NonBlocking
    HttpResponse<Void> post(@RequestBean GatewayAsks asks) {
        throw answeredByTheFilter();
    }

    @Operation(operationId = "forwardAuthPut", summary = "Forward authentication (PUT mirrored)", description = DESCRIPTION, tags = "gateway")
    @Put
    @NonBlocking
    HttpResponse<Void> put(@RequestBean GatewayAsks asks) {
        throw answeredByTheFilter();
    }

    @Operation(operationId = "forwardAuthPatch", summary = "Forward authentication (PATCH mirrored)", description = DESCRIPTION, tags = "gateway")
    @Patch
    @NonBlocking
    HttpResponse<Void> patch(@RequestBean GatewayAsks asks) {
        throw answeredByTheFilter();
    }

    @Operation(operationId = "forwardAuthDelete", summary = "Forward authentication (DELETE mirrored)", description = DESCRIPTION, tags = "gateway")
    @Delete
    @NonBlocking
    HttpResponse<Void> delete(@RequestBean GatewayAsks asks) {
        throw answeredByTheFilter();
    }

    @Operation(operationId = "forwardAuthOptions", summary = "Forward authentication (OPTIONS mirrored)", description = DESCRIPTION, tags = "gateway")
    @Options
    @NonBlocking
    HttpResponse<Void> options(@RequestBean GatewayAsks asks) {
        throw answeredByTheFilter();
    }

    /** The declared types say what the OpenAPI document shows: for the 200, headers and no body. */
    private static IllegalStateException answeredByTheFilter() {
        return new IllegalStateException("/v1/auth is answered by ForwardAuthFilter");
    }
}
