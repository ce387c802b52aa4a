package dev.latchkey.adapter.in.http.gateway;

import dev.latchkey.adapter.in.http.common.EventLoops;
import dev.latchkey.adapter.in.http.problem.ProblemCode;
import dev.latchkey.adapter.in.http.problem.Problems;
import dev.latchkey.adapter.in.http.security.KeyCheck;
import dev.latchkey.adapter.in.http.security.RateLimitHeaders;
import dev.latchkey.adapter.in.http.security.VerdictAnswers;
import dev.latchkey.domain.InvalidValueException;
import dev.latchkey.domain.apikey.Scope;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Answers {@code /v1/auth} (every method; HEAD as GET) itself, before Micronaut Security's filter and the route: a
 * gateway asks here for every request it forwards, and the framework's security chain, its reactive wrapping and the
 * controller's argument binding cost more than the verification. The answers are those {@link ForwardAuthController}
 * documents: the key goes through {@link KeyCheck} (failure throttle, then the one verification entry with the
 * request's client address, id and route), and the verdict becomes HTTP through {@link VerdictAnswers}, as for every
 * other route. The request id and rate-limit response filters, ordered before this one, still put their headers on
 * the answer.
 */
@ServerFilter(value = {ForwardAuthFilter.PATH, ForwardAuthFilter.PATH + "/"}, methods = {HttpMethod.GET,
        HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE})
@Order(Ordered.HIGHEST_PRECEDENCE + 2) // after the request id and the header check, before security
final class ForwardAuthFilter {

    static final String PATH = "/v1/auth";

    private final KeyCheck keyCheck;

    ForwardAuthFilter(KeyCheck keyCheck) {
        this.keyCheck = keyCheck;
    }

    @RequestFilter
    CompletionStage<MutableHttpResponse<?>> answer(HttpRequest<?> request) {
        List<String> headers = request.getHeaders().getAll(ForwardAuthController.REQUIRED_SCOPES);
        // Read as one, several headers would let a gateway (or a client it lets through) adding a second, looser
        // X-Required-Scopes decide which one counts. Refused before anything else.
        if (headers.size() > 1) {
            return CompletableFuture.completedFuture(Problems.response(request, ProblemCode.VALIDATION_FAILED,
                    ForwardAuthController.REQUIRED_SCOPES + " was sent more than once; send it once, scopes "
                            + "comma-separated"));
        }
        List<String> required = new ArrayList<>();
        InvalidValueException badScope = null;
        if (!headers.isEmpty()) {
            try {
                for (String name : headers.get(0).split(",")) {
                    String stripped = name.strip();
                    if (!stripped.isEmpty()) {
                        required.add(new Scope(stripped).value());
                    }
                }
            } catch (InvalidValueException e) {
                badScope = e; // answered once the key is known good: a refused key is refused first
                required.clear();
            }
        }
        InvalidValueException invalid = badScope;
        Set<Scope> scopes = new LinkedHashSet<>();
        required.forEach(name -> scopes.add(new Scope(name)));
        // answered at once, or once the store or a shared limiter answered: then on the request's event loop
        return EventLoops.thenOnEventLoop(keyCheck.check(request, scopes, PATH), request, outcome -> {
            outcome.rateLimit().ifPresent(state -> RateLimitHeaders.recordOn(request, state));
            if (outcome instanceof KeyCheck.Passed passed) {
                return invalid != null
                        ? Problems.invalidValue(request, invalid)
                        : VerdictAnswers.granted(passed.verdict().key());
            }
            if (outcome instanceof KeyCheck.Refused refused) {
                return VerdictAnswers.refusal(request, refused.failure(), required);
            }
            return VerdictAnswers.missingKey(request);
        });
    }
}
