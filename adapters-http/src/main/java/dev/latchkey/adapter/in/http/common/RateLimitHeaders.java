package dev.latchkey.adapter.in.http.common;

import dev.latchkey.domain.verification.RateLimitState;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * {@code RateLimit-Limit}, {@code RateLimit-Remaining} and {@code RateLimit-Reset} (seconds until the whole limit is
 * back) on every response to a request whose key's rate limit was consulted (a key with a rate limit that passed the
 * policies): refusals, {@code /v1/auth} and its 200 included, so that a gateway can pass them on.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Order(Ordered.HIGHEST_PRECEDENCE + 1) // before security: its refusals pass back through this filter too
public final class RateLimitHeaders {

    public static final String LIMIT = "RateLimit-Limit";
    public static final String REMAINING = "RateLimit-Remaining";
    public static final String RESET = "RateLimit-Reset";
    private static final String ATTRIBUTE = "latchkey.rateLimit";

    /** Keeps the state of the key that authenticates {@code request}, for its response. */
    public static void recordOn(HttpRequest<?> request, RateLimitState state) {
        request.setAttribute(ATTRIBUTE, state);
    }

    @ResponseFilter
    void add(HttpRequest<?> request, MutableHttpResponse<?> response) {
        request.getAttribute(ATTRIBUTE, RateLimitState.class).ifPresent(state -> response.getHeaders()
                .set(LIMIT, Long.toString(state.limit()))
                .set(REMAINING, Long.toString(state.remaining()))
                .set(RESET, Long.toString(state.resetSeconds())));
    }
}
