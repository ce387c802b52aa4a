package dev.latchkey.adapter.in.http.console;

import dev.latchkey.adapter.in.http.security.RefusalPages;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/**
 * The console's refusals as pages, not problems: no session goes to the sign-in page (saying why the last one ended),
 * a missing scope or form token is a 403 page, a store that cannot be reached a 503 page.
 */
@Singleton
@Produces
final class ConsoleRefusals implements ExceptionHandler<ConsoleRefusal, HttpResponse<?>>, RefusalPages {

    private final ConsoleSessions sessions;
    private final ConsolePages pages;

    ConsoleRefusals(ConsoleSessions sessions, ConsolePages pages) {
        this.sessions = sessions;
        this.pages = pages;
    }

    /** Security's refusals of console pages are pages too. */
    @Override
    public boolean answers(HttpRequest<?> request) {
        return ConsolePaths.isConsole(request.getPath());
    }

    /** A console request with no live session: to the sign-in page, with the cookie of an ended session cleared. */
    @Override
    public MutableHttpResponse<?> unauthenticated(HttpRequest<?> request) {
        String ended = request.getAttribute(ConsoleAuthenticationFetcher.ENDED, String.class).orElse(null);
        if ("unavailable".equals(ended)) {
            return refusal(request, HttpStatus.SERVICE_UNAVAILABLE, "The key store cannot be reached just now. Try again in a "
                    + "few seconds.").header("Retry-After", "5");
        }
        String location = ConsolePaths.SIGN_IN + (ended == null ? "" : "?ended=" + ended);
        MutableHttpResponse<?> response = ConsolePages.seeOther(location);
        if (request.getCookies().contains(ConsoleSessions.SESSION_COOKIE)) {
            response.cookie(sessions.cleared(request, ConsoleSessions.SESSION_COOKIE));
        }
        return response;
    }

    /** A signed-in key without the scope a page or a form needs. */
    @Override
    public MutableHttpResponse<?> forbidden(HttpRequest<?> request, String neededScopes) {
        return refusal(request, HttpStatus.FORBIDDEN, "The key you signed in with does not grant " + neededScopes
                + ", which this needs. Nothing was done.");
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, ConsoleRefusal refusal) {
        return refusal(request, refusal.status(), refusal.getMessage());
    }

    private MutableHttpResponse<?> refusal(HttpRequest<?> request, HttpStatus status, String message) {
        return pages.render(request, HttpResponse.status(status), "refused",
                ConsolePages.model("status", status.getCode(), "message", message));
    }
}
