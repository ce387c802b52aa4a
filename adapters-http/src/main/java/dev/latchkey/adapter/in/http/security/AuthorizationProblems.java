package dev.latchkey.adapter.in.http.security;

import dev.latchkey.adapter.in.http.problem.Problems;
import dev.latchkey.domain.apikey.Scope;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import io.micronaut.web.router.RouteAttributes;
import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Answers a request that security refused: the recorded authentication failure (or {@code missing_key}) as a
 * 401/400/503 problem, or {@code insufficient_scope} naming the scope the route needs; or, for a part of the site that
 * answers with pages (the console), as that part's {@link RefusalPages} says.
 */
@Singleton
@Produces
@Replaces(DefaultAuthorizationExceptionHandler.class)
public final class AuthorizationProblems implements ExceptionHandler<AuthorizationException, MutableHttpResponse<?>> {

    private final List<RefusalPages> refusalPages;

    AuthorizationProblems(List<RefusalPages> refusalPages) {
        this.refusalPages = List.copyOf(refusalPages);
    }

    @Override
    public MutableHttpResponse<?> handle(HttpRequest request, AuthorizationException exception) {
        for (RefusalPages pages : refusalPages) {
            if (pages.answers(request)) {
                return exception.isForbidden() ? pages.forbidden(request, neededScopes(request))
                        : pages.unauthenticated(request);
            }
        }
        if (exception.isForbidden()) {
            return Problems.insufficientScope(request, neededScopes(request));
        }
        return unauthenticated(request);
    }

    /** The answer to a request that no key authenticated: the failure recorded on it, else {@code missing_key}. */
    public static MutableHttpResponse<?> unauthenticated(HttpRequest<?> request) {
        Optional<AuthenticationFailure> failure = AuthenticationFailure.on(request);
        return failure.isEmpty() ? VerdictAnswers.missingKey(request) : VerdictAnswers.refusal(request, failure.get());
    }

    /** The scopes named by the route's {@code @Secured}, space-separated as in RFC 6750; its other rules left out. */
    private static String neededScopes(HttpRequest<?> request) {
        return RouteAttributes.getRouteMatch(request)
                .map(match -> Arrays.stream(match.getAnnotationMetadata().stringValues(Secured.class))
                        .filter(Scope::isValid) // a rule such as isAuthenticated() is not a scope
                        .collect(Collectors.joining(" ")))
                .orElse("");
    }
}
