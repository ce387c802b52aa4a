package dev.latchkey.adapter.in.http.common;

import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Gives every request an id, echoing the client's {@code X-Request-Id} when it is sane, and puts it on
 * every response. Runs before security so that refusals carry it too. A new id is a random (version 4) UUID drawn
 * from the thread's own generator: an id must be unique, not unpredictable, and {@link UUID#randomUUID()} would
 * make every request of every event loop wait for the one shared {@code SecureRandom}.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    private static final String ATTRIBUTE = "latchkey.requestId";
    private static final Pattern SANE = Pattern.compile(ApiSchemas.REQUEST_ID_PATTERN);

    @RequestFilter
    static void assign(HttpRequest<?> request) {
        String offered = request.getHeaders().get(HEADER);
        request.setAttribute(ATTRIBUTE, offered != null && SANE.matcher(offered).matches()
                ? offered : newId());
    }

    public static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long low = (random.nextLong() & ~(0x3L << 62)) | (0x2L << 62); // the IETF variant
        return new UUID(high, low).toString();
    }

    @ResponseFilter
    void echo(HttpRequest<?> request, MutableHttpResponse<?> response) {
        response.getHeaders().set(HEADER, of(request));
    }

    /**
     * The id of {@code request}, assigned on arrival; or now, for a request that never reached the filters (one
     * Netty could not decode, answered by the error processor).
     */
    public static String of(HttpRequest<?> request) {
        Object assigned = request.getAttribute(ATTRIBUTE).orElse(null);
        if (assigned == null) {
            assign(request);
            assigned = request.getAttribute(ATTRIBUTE).orElseThrow();
        }
        return (String) assigned;
    }
}
