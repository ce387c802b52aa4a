package dev.latchkey.adapter.in.http.gateway;

import dev.latchkey.adapter.in.http.common.EventLoops;
import dev.latchkey.adapter.in.http.common.RateLimitHeaders;
import dev.latchkey.adapter.in.http.problem.Problem;
import dev.latchkey.adapter.in.http.problem.ProblemCode;
import dev.latchkey.adapter.in.http.problem.Problems;
import dev.latchkey.adapter.in.http.security.KeyCheck;
import dev.latchkey.adapter.in.http.security.VerdictAnswers;
import dev.latchkey.domain.InvalidValueException;
import dev.latchkey.domain.apikey.Scope;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Answers {@code /v1/auth} and every path below it, for every method, itself, before Micronaut Security's filter and
 * the route: a gateway asks here for every request it forwards, and the framework's security chain, its reactive
 * wrapping, the controller's argument binding and content negotiation cost more than the verification and get in the
 * way (an {@code Accept} or {@code Content-Type} the gateway copies from its client is not this request's business).
 * The contract (docs/gateways/README.md):
 * <ul>
 *   <li>any method (OPTIONS and unknown ones included), any body (never read) and Content-Type, any Accept: a grant is
 *       200 without a body, a refusal is problem+json;</li>
 *   <li>below {@code /v1/auth/} the path and query are the client's (Envoy's ext_authz appends them to its
 *       {@code path_prefix}) and are ignored;</li>
 *   <li>the required scopes come from {@code X-Required-Scopes} or, on exactly {@code /v1/auth}, from {@code ?scopes=}
 *       (for Traefik, whose auth address is fixed per middleware). There any other query parameter, {@code scopes}
 *       twice or empty, or {@code scopes} beside the header is {@code 400}: nothing a configuration names is ever
 *       silently ignored, and neither source is chosen over the other;</li>
 *   <li>{@code X-Latchkey-Refusal-Status: 403}, or the setting {@code latchkey.http.forward-auth.refusal-status},
 *       turns a 429 or 503 refusal into a 403 (same problem type and code, {@code Retry-After} kept) for proxies that
 *       make anything but 401/403 an error.</li>
 * </ul>
 * The key goes through {@link KeyCheck} (failure throttle, then the one verification entry with the request's client
 * address, id and route), and the verdict becomes HTTP through {@link VerdictAnswers}, as for every other route. The
 * request id and rate-limit response filters, ordered before this one, still put their headers on the answer.
 */
@ServerFilter({ForwardAuthFilter.PATH, ForwardAuthFilter.PATH + "/**"}) // every method: none named
@Order(Ordered.HIGHEST_PRECEDENCE + 2) // after the request id and the header check, before security
final class ForwardAuthFilter {

    static final String PATH = "/v1/auth";
    static final String SCOPES_PARAMETER = "scopes";
    static final String REFUSAL_STATUS = "X-Latchkey-Refusal-Status";

    private final KeyCheck keyCheck;
    private final RefusalStatusSetting refusalStatus;

    ForwardAuthFilter(KeyCheck keyCheck, RefusalStatusSetting refusalStatus) {
        this.keyCheck = keyCheck;
        this.refusalStatus = refusalStatus;
    }

    @RequestFilter
    CompletionStage<MutableHttpResponse<?>> answer(HttpRequest<?> request) {
        List<String> headers = request.getHeaders().getAll(ForwardAuthController.REQUIRED_SCOPES);
        // Read as one, several headers would let a gateway (or a client it lets through) adding a second, looser
        // X-Required-Scopes decide which one counts. Refused before anything else.
        if (headers.size() > 1) {
            return badRequest(request, ForwardAuthController.REQUIRED_SCOPES + " was sent more than once; send it "
                    + "once, scopes comma-separated");
        }
        List<String> refusalHeaders = request.getHeaders().getAll(REFUSAL_STATUS);
        if (refusalHeaders.size() > 1 || refusalHeaders.size() == 1 && !refusalHeaders.get(0).strip().equals("403")) {
            return badRequest(request, REFUSAL_STATUS + " may only be 403, sent once");
        }
        boolean refuseWith403 = !refusalHeaders.isEmpty() || refusalStatus.forbidden();
        String scopeList = headers.isEmpty() ? null : headers.get(0);
        // Below /v1/auth/ the path and query are the client's: a scopes= there is not read, the client wrote it.
        // Anything else this filter answers is the gateway's own address, however spelt (//v1/auth, /v1//auth: an
        // address joined from a base ending in a slash): its query is read, never silently ignored. /v1/auth/ itself
        // is either (a gateway's address with a slash too many, or Envoy's path_prefix and a client's "/"): its
        // scopes= is read, which can only add to what a client must hold, and its other parameters are the client's.
        String path = request.getPath();
        boolean gatewaysAddress = !path.startsWith(PATH + "/");
        if (gatewaysAddress || path.substring(PATH.length()).chars().allMatch(c -> c == '/')) {
            String query = request.getUri().getRawQuery();
            String fromQuery;
            try {
                fromQuery = scopesParameter(query, !gatewaysAddress);
            } catch (IllegalArgumentException e) {
                return badRequest(request, e.getMessage());
            }
            if (fromQuery != null) {
                if (scopeList != null) {
                    return badRequest(request, "both ?scopes= and " + ForwardAuthController.REQUIRED_SCOPES
                            + " name required scopes; name them in one place");
                }
                scopeList = fromQuery;
            }
        }
        List<String> required = new ArrayList<>();
        InvalidValueException badScope = null;
        if (scopeList != null) {
            try {
                for (String name : scopeList.split(",")) {
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
                MutableHttpResponse<Problem> refusal = VerdictAnswers.refusal(request, refused.failure(), required);
                int status = refusal.code();
                return refuseWith403 && (status == 429 || status == 503)
                        ? Problems.withStatus(refusal, HttpStatus.FORBIDDEN) : refusal;
            }
            return VerdictAnswers.missingKey(request);
        });
    }

    /**
     * The value of {@code scopes} in the raw query of a request to the gateway's address, or {@code null} when there
     * is none; {@code scopes} twice, or one naming no scope, is refused (the message says why), and so is any other
     * parameter unless {@code othersAreTheClients} ({@code /v1/auth/}: Envoy's path_prefix and a client's query).
     */
    static @Nullable String scopesParameter(@Nullable String rawQuery, boolean othersAreTheClients) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        String scopes = null;
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            if (!name.equals(SCOPES_PARAMETER)) {
                if (othersAreTheClients) {
                    continue;
                }
                throw new IllegalArgumentException("/v1/auth takes no query parameter but scopes (comma-separated "
                        + "scopes the key must hold); it was sent another one");
            }
            if (scopes != null) {
                throw new IllegalArgumentException("the query parameter scopes was sent more than once; send it once, "
                        + "scopes comma-separated");
            }
            scopes = equals < 0 ? "" : decode(pair.substring(equals + 1));
            if (scopes.replace(",", "").isBlank()) {
                throw new IllegalArgumentException("the query parameter scopes names no scope");
            }
        }
        return scopes;
    }

    private static String decode(String escaped) {
        try {
            return URLDecoder.decode(escaped, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the query of /v1/auth is not well-formed (a bad % escape)");
        }
    }

    private static CompletionStage<MutableHttpResponse<?>> badRequest(HttpRequest<?> request, String detail) {
        return CompletableFuture.completedFuture(Problems.response(request, ProblemCode.VALIDATION_FAILED, detail));
    }
}
