package dev.latchkey.adapter.in.http.gateway;

import dev.latchkey.adapter.in.http.common.ApiSchemas;
import dev.latchkey.adapter.in.http.common.RequestIds;
import dev.latchkey.adapter.in.http.problem.ProblemCode;
import dev.latchkey.adapter.in.http.problem.Problems;
import dev.latchkey.adapter.in.http.problem.ProblemResponses;
import dev.latchkey.adapter.in.http.security.ApiKeyAuthenticationFetcher;
import dev.latchkey.adapter.in.http.security.AuthorizationProblems;
import dev.latchkey.adapter.in.http.security.RateLimitHeaders;

import io.swagger.v3.oas.annotations.Parameter;

import io.swagger.v3.oas.annotations.responses.ApiResponse;

import io.swagger.v3.oas.annotations.media.Schema;


import io.swagger.v3.oas.annotations.Operation;

import dev.latchkey.domain.apikey.Scope;
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
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code /v1/auth}: forward authentication for gateways (nginx {@code auth_request}, Traefik {@code ForwardAuth},
 * Envoy {@code ext_authz} over HTTP). The key arrives in the original request's headers; a 200 carries who it is,
 * refusals are the usual 401/403 problems. {@code X-Required-Scopes: a,b} names scopes the key must grant.
 * Touches no store (authentication did): runs on the event loop. It answers refusals itself rather than through
 * Micronaut Security's rejection, whose exception costs a lookup of every bean on each refused request: a gateway
 * asks here for every request it forwards, refused ones included.
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
                pattern = ApiSchemas.REQUEST_ID_PATTERN, maxLength = 64))})
class ForwardAuthController {

    static final String REQUIRED_SCOPES = "X-Required-Scopes";
    static final String USER_ID = "X-Latchkey-User-Id";
    static final String KEY_ID = "X-Latchkey-Key-Id";
    static final String SCOPES = "X-Latchkey-Scopes";
    private static final String REQUIRED_SCOPES_DOC = "scopes the key must hold, comma-separated; sent at most once "
            + "(two X-Required-Scopes headers are a 400, never read as either one)";

    // Gateways may mirror the original method: every method gets the same answer (HEAD through GET).
    @Operation(operationId = "forwardAuth", summary = "Forward authentication for a gateway", tags = "gateway")
    @Get
    @NonBlocking
    HttpResponse<Void> get(HttpRequest<?> request, @Nullable Authentication authentication,
                       @Header(REQUIRED_SCOPES) @Nullable @Parameter(description = REQUIRED_SCOPES_DOC, schema = @Schema(type = "string", maxLength = ApiSchemas.SCOPE_LIST_LENGTH, pattern = ApiSchemas.SCOPE_LIST_PATTERN)) String requiredScopes) {
        return answer(decision(request, authentication, requiredScopes));
    }

    @Operation(operationId = "forwardAuthPost", summary = "Forward authentication (POST mirrored)", tags = "gateway")
    @Post
    @NonBlocking
    HttpResponse<Void> post(HttpRequest<?> request, @Nullable Authentication authentication,
                       @Header(REQUIRED_SCOPES) @Nullable @Parameter(description = REQUIRED_SCOPES_DOC, schema = @Schema(type = "string", maxLength = ApiSchemas.SCOPE_LIST_LENGTH, pattern = ApiSchemas.SCOPE_LIST_PATTERN)) String requiredScopes) {
        return answer(decision(request, authentication, requiredScopes));
    }

    @Operation(operationId = "forwardAuthPut", summary = "Forward authentication (PUT mirrored)", tags = "gateway")
    @Put
    @NonBlocking
    HttpResponse<Void> put(HttpRequest<?> request, @Nullable Authentication authentication,
                       @Header(REQUIRED_SCOPES) @Nullable @Parameter(description = REQUIRED_SCOPES_DOC, schema = @Schema(type = "string", maxLength = ApiSchemas.SCOPE_LIST_LENGTH, pattern = ApiSchemas.SCOPE_LIST_PATTERN)) String requiredScopes) {
        return answer(decision(request, authentication, requiredScopes));
    }

    @Operation(operationId = "forwardAuthPatch", summary = "Forward authentication (PATCH mirrored)", tags = "gateway")
    @Patch
    @NonBlocking
    HttpResponse<Void> patch(HttpRequest<?> request, @Nullable Authentication authentication,
                       @Header(REQUIRED_SCOPES) @Nullable @Parameter(description = REQUIRED_SCOPES_DOC, schema = @Schema(type = "string", maxLength = ApiSchemas.SCOPE_LIST_LENGTH, pattern = ApiSchemas.SCOPE_LIST_PATTERN)) String requiredScopes) {
        return answer(decision(request, authentication, requiredScopes));
    }

    @Operation(operationId = "forwardAuthDelete", summary = "Forward authentication (DELETE mirrored)", tags = "gateway")
    @Delete
    @NonBlocking
    HttpResponse<Void> delete(HttpRequest<?> request, @Nullable Authentication authentication,
                       @Header(REQUIRED_SCOPES) @Nullable @Parameter(description = REQUIRED_SCOPES_DOC, schema = @Schema(type = "string", maxLength = ApiSchemas.SCOPE_LIST_LENGTH, pattern = ApiSchemas.SCOPE_LIST_PATTERN)) String requiredScopes) {
        return answer(decision(request, authentication, requiredScopes));
    }

    /**
     * The declared type says what the OpenAPI document shows for the 200: headers, no body. A refusal is a problem
     * response all the same; Micronaut writes the body a response holds, whatever the declared type.
     */
    @SuppressWarnings("unchecked")
    private static HttpResponse<Void> answer(HttpResponse<?> response) {
        return (HttpResponse<Void>) response;
    }

    private static HttpResponse<?> decision(HttpRequest<?> request, @Nullable Authentication authentication,
                                            String requiredScopes) {
        // The binding reads the first of several headers: a gateway (or a client it lets through) adding a second,
        // looser X-Required-Scopes would otherwise decide which one counts. Refused before anything else.
        if (request.getHeaders().getAll(REQUIRED_SCOPES).size() > 1) {
            return Problems.response(request, ProblemCode.VALIDATION_FAILED,
                    REQUIRED_SCOPES + " was sent more than once; send it once, scopes comma-separated");
        }
        if (authentication == null) {
            return AuthorizationProblems.unauthenticated(request);
        }
        List<String> required = requiredScopes == null ? List.of() : Arrays.stream(requiredScopes.split(","))
                .map(String::strip).filter(name -> !name.isEmpty()).map(name -> new Scope(name).value()).toList();
        if (!authentication.getRoles().containsAll(required)) {
            return Problems.insufficientScope(request, String.join(" ", required));
        }
        return HttpResponse.ok()
                .header(USER_ID, (String) authentication.getAttributes().get(ApiKeyAuthenticationFetcher.USER_ID))
                .header(KEY_ID, authentication.getName())
                .header(SCOPES, authentication.getRoles().stream().sorted().collect(Collectors.joining(",")));
    }
}
