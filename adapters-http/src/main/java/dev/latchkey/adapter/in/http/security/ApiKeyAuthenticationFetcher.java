package dev.latchkey.adapter.in.http.security;

import dev.latchkey.adapter.in.http.common.EventLoops;
import dev.latchkey.adapter.in.http.common.RateLimitHeaders;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.Scope;
import dev.latchkey.domain.apikey.Scopes;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.verification.VerifiableKey;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.uri.UriMatchTemplate;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.UriRouteMatch;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.reactivestreams.Publisher;

/**
 * Authenticates requests by API key for Micronaut Security: the key's granted scopes become roles, checked
 * by {@code @Secured}. A refused key leaves the request unauthenticated with the reason recorded on it, so
 * that {@link AuthorizationProblems} can answer with the right problem. The key goes through {@link KeyCheck} (the
 * throttle, then the one verification entry); a verdict known without blocking I/O is given on the event loop at
 * once, any other (a store read, a shared rate limiter's answer) once it arrives, back on the request's event loop.
 */
@Singleton
public final class ApiKeyAuthenticationFetcher implements AuthenticationFetcher<HttpRequest<?>> {

    public static final String USER_ID = "userId";
    static final String KEY_ID = "keyId";

    private final KeyCheck keyCheck;

    ApiKeyAuthenticationFetcher(KeyCheck keyCheck) {
        this.keyCheck = keyCheck;
    }

    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
        return EventLoops.whenAnswered(keyCheck.check(request, Set.of(), route(request)), request,
                outcome -> authenticate(request, outcome));
    }

    /** The route the key authenticates, as declared ({@code /v1/keys/{id}}: no id); none when nothing matched. */
    static String route(HttpRequest<?> request) {
        return RouteAttributes.getRouteMatch(request)
                .filter(match -> match instanceof UriRouteMatch<?, ?>)
                .map(match -> ((UriRouteMatch<?, ?>) match).getRouteInfo().getUriMatchTemplate())
                .map(UriMatchTemplate::toPathString).orElse(null);
    }

    private static Authentication authenticate(HttpRequest<?> request, KeyCheck.Outcome outcome) {
        outcome.rateLimit().ifPresent(state -> RateLimitHeaders.recordOn(request, state));
        if (outcome instanceof KeyCheck.Passed passed) {
            return authenticationOf(passed.verdict().key());
        }
        if (outcome instanceof KeyCheck.Refused refused) {
            refused.failure().recordOn(request);
        }
        return null;
    }

    static Authentication authenticationOf(VerifiableKey key) {
        return authenticationOf(key.id(), key.owner(), key.scopes());
    }

    /** A key's authentication: named by its id, its granted scopes as roles (checked by {@code @Secured}). */
    public static Authentication authenticationOf(KeyId id, UserId owner, Scopes scopes) {
        Set<String> roles = scopes.granted().stream().map(Scope::value).collect(Collectors.toSet());
        return Authentication.build(id.value(), roles, Map.of(USER_ID, owner.value(), KEY_ID, id.value()));
    }
}
