package dev.latchkey.adapter.in.http;

import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every request an id, echoing the client's {@code X-Request-Id} when it is sane, and puts it on
 * every response. Runs before security so that refusals carry it too.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Order(Ordered.HIGHEST_PRECEDENCE)
final class RequestIds {

    static final String HEADER = "X-Request-Id";
    private static final String ATTRIBUTE = "latchkey.requestId";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    @RequestFilter
    static void assign(HttpRequest<?> request) {
        String offered = request.getHeaders().get(HEADER);
        request.setAttribute(ATTRIBUTE, offered != null && SANE.matcher(offered).matches()
                ? offered : UUID.randomUUID().toString());
    }

    @ResponseFilter
    void echo(HttpRequest<?> request, MutableHttpResponse<?> response) {
        response.getHeaders().set(HEADER, of(request));
    }

    /**
     * The id of {@code request}, assigned on arrival; or now, for a request that never reached the filters (one
     * Netty could not decode, answered by the error processor).
     */
    static String of(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, String.class).orElseGet(() -> {
            assign(request);
            return request.getAttribute(ATTRIBUTE, String.class).orElseThrow();
        });
    }
}
