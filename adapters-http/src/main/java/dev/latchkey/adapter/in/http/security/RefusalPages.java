package dev.latchkey.adapter.in.http.security;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;

/**
 * A part of the site that answers security's refusals its own way instead of with problems (the console: pages). It
 * registers itself as a bean; {@link AuthorizationProblems} asks it first, so security needs to know nothing of it.
 */
public interface RefusalPages {

    /** Whether this part answers {@code request}'s refusals. */
    boolean answers(HttpRequest<?> request);

    /** A request of this part that no key or session authenticated. */
    MutableHttpResponse<?> unauthenticated(HttpRequest<?> request);

    /** A request of this part whose key lacks {@code neededScopes} (space-separated). */
    MutableHttpResponse<?> forbidden(HttpRequest<?> request, String neededScopes);
}
