package dev.latchkey.adapter.in.http;

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
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
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
@SecurityRequirement(name = ApiDocument.API_KEY)
@SecurityRequirement(name = ApiDocument.BEARER)
@ProblemResponses
class ForwardAuthController {

    static final String REQUIRED_SCOPES = "X-Required-Scopes";
    static final String USER_ID = "X-Latchkey-User-Id";
    static final String KEY_ID = "X-Latchkey-Key-Id";
    static final String SCOPES = "X-Latchkey-Scopes";

    // Gateways may mirror the original method: every method gets the same answer (HEAD through GET).
    @Get
    @NonBlocking
    HttpResponse<?> get(HttpRequest<?> request, @Nullable Authentication authentication,
                       @Header(REQUIRED_SCOPES) @Nullable String requiredScopes) {
        return decision(request, authentication, requiredScopes);
    }

    @Post
    @NonBlocking
    HttpResponse<?> post(HttpRequest<?> request, @Nullable Authentication authentication,
                       @Header(REQUIRED_SCOPES) @Nullable String requiredScopes) {
        return decision(request, authentication, requiredScopes);
    }

    @Put
    @NonBlocking
    HttpResponse<?> put(HttpRequest<?> request, @Nullable Authentication authentication,
                       @Header(REQUIRED_SCOPES) @Nullable String requiredScopes) {
        return decision(request, authentication, requiredScopes);
    }

    @Patch
    @NonBlocking
    HttpResponse<?> patch(HttpRequest<?> request, @Nullable Authentication authentication,
                       @Header(REQUIRED_SCOPES) @Nullable String requiredScopes) {
        return decision(request, authentication, requiredScopes);
    }

    @Delete
    @NonBlocking
    HttpResponse<?> delete(HttpRequest<?> request, @Nullable Authentication authentication,
                       @Header(REQUIRED_SCOPES) @Nullable String requiredScopes) {
        return decision(request, authentication, requiredScopes);
    }

    private static HttpResponse<?> decision(HttpRequest<?> request, @Nullable Authentication authentication,
                                            String requiredScopes) {
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
