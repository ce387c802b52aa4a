package dev.latchkey.adapter.in.http.console;

import dev.latchkey.adapter.in.http.common.ClientAddresses;
import dev.latchkey.adapter.in.http.common.RequestIds;
import dev.latchkey.adapter.in.http.common.UserAgents;
import dev.latchkey.application.port.in.paging.Page;
import dev.latchkey.application.port.in.paging.PageRequest;
import dev.latchkey.application.port.in.verification.VerificationRequest;
import dev.latchkey.domain.InvalidValueException;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.Scope;
import dev.latchkey.domain.apikey.Scopes;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.views.ViewsRenderer;
import io.micronaut.views.thymeleaf.ThymeleafViewsRenderer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What every console page shares: its model's common part, how it is rendered and answered, the form token check.
 * Pages are rendered here, to text, rather than by the views filter: a refusal answered by an exception handler is a
 * page as well.
 */
@Singleton
final class ConsolePages {

    static final String CSRF_FIELD = "csrf";
    static final MediaType HTML = MediaType.of("text/html;charset=utf-8");

    private final ViewsRenderer<Map<String, Object>, HttpRequest<?>> renderer;
    private final ClientAddresses clientAddresses;

    @SuppressWarnings("unchecked")
    ConsolePages(ThymeleafViewsRenderer<?> renderer, ClientAddresses clientAddresses) {
        this.renderer = (ViewsRenderer<Map<String, Object>, HttpRequest<?>>) (ViewsRenderer<?, ?>) renderer;
        this.clientAddresses = clientAddresses;
    }

    /**
     * Where a key the console verifies comes from, for its audit trail and its throttle: the client's address, the
     * request, the console's {@code route}, and the signed-in key that asks (none at sign-in).
     */
    VerificationRequest.Origin origin(HttpRequest<?> request, String route, @Nullable KeyId askingKey) {
        return new VerificationRequest.Origin(clientAddresses.of(request), RequestIds.of(request), route, askingKey,
                UserAgents.of(request));
    }

    /** A model map that, unlike {@code Map.of}, takes absent ({@code null}) values. */
    static Map<String, Object> model(Object... keysAndValues) {
        Map<String, Object> model = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            model.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return model;
    }

    /** The session a console route was authenticated by. */
    static ConsoleSession session(HttpRequest<?> request) {
        // a key in a header authenticates the API, not the console: its pages and forms need a session
        return request.getAttribute(ConsoleAuthenticationFetcher.SESSION, ConsoleSession.class)
                .orElseThrow(() -> new ConsoleRefusal(HttpStatus.FORBIDDEN, "The console is used through its sign-in "
                        + "page, not with a key in a request header. Nothing was done."));
    }

    /**
     * A signed-in page: {@code view} under {@code views/console}, with the menu (the section it belongs to marked),
     * which built-in scopes the key holds ({@code can['keys:write']}, for its buttons), the session's form token and
     * the message left by the last form.
     */
    MutableHttpResponse<?> page(HttpRequest<?> request, Authentication authentication, String view,
                                ConsoleSection section, Map<String, Object> model) {
        ConsoleSession session = session(request);
        Map<String, Object> can = new LinkedHashMap<>();
        for (Scope scope : Scopes.BUILT_IN) {
            can.put(scope.value(), authentication.getRoles().contains(scope.value()));
        }
        Map<String, Object> full = new LinkedHashMap<>(model);
        full.put("menu", ConsoleSection.menu(authentication, section));
        full.put("can", can);
        full.put(CSRF_FIELD, session.csrfToken());
        full.put("signedInAs", session.keyId().value());
        ConsoleSession.Flash flash = session.takeFlash();
        full.put("flash", flash == null ? null : model("error", flash.error(), "text", flash.text()));
        return render(request, HttpResponse.ok(), view, full);
    }

    /**
     * The page that asks before something that cannot be undone: what will happen, one button that posts to
     * {@code action}, and Cancel (focused) back to {@code back}.
     */
    MutableHttpResponse<?> confirmation(HttpRequest<?> request, Authentication authentication, String title,
                                        String consequence, String action, String button, String back) {
        return page(request, authentication, "confirm", ConsoleSection.USERS, model("title", title, "consequence", consequence,
                "action", action, "button", button, "back", back));
    }

    /** Any console view, never cached (pages show what a key may see, one of them a new key). */
    MutableHttpResponse<?> render(HttpRequest<?> request, MutableHttpResponse<?> response, String view,
                                  Map<String, Object> model) {
        StringWriter html = new StringWriter();
        try {
            renderer.render("console/" + view, model, request).writeTo(html);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return response.body(html.toString()).contentType(HTML)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                // not no-referrer: a browser then posts forms with "Origin: null", which the server refuses as
                // cross-origin; same-origin tells other sites nothing
                .header("Referrer-Policy", "same-origin")
                .header("X-Content-Type-Options", "nosniff");
    }

    /** After a form: the page to show next (303, so that a reload does not post again). */
    static MutableHttpResponse<?> seeOther(String location) {
        return HttpResponse.status(HttpStatus.SEE_OTHER).headers(h -> h.location(URI.create(location)));
    }

    /** After a form: the page to show next, with what the form did, or why it did not (an {@code error}). */
    static MutableHttpResponse<?> seeOther(HttpRequest<?> request, String location, boolean error, String text) {
        session(request).flash(error, text);
        return seeOther(location);
    }

    /**
     * One page of a list the console shows, {@code view} applied to each item, with its next page's cursor; a filter or
     * cursor the lister refuses leaves the list empty, with why.
     */
    static <T> Listing list(int size, String cursor, Function<PageRequest, Page<T>> lister,
                            Function<T, Map<String, Object>> view) {
        try {
            Page<T> page = lister.apply(new PageRequest(size, Optional.ofNullable(cursor)));
            return new Listing(page.items().stream().map(view).toList(), page.nextCursor().orElse(null), null);
        } catch (InvalidValueException e) {
            return new Listing(List.of(), null, e.getMessage());
        }
    }

    /** A page of a list as the templates read it; {@code error} says why it is empty when it had to be. */
    record Listing(List<Map<String, Object>> items, String nextCursor, String error) {
    }

    /** Refuses a form without the session's token: {@code 403}, nothing done. */
    static void requireToken(HttpRequest<?> request, ConsoleForm form) {
        if (!ConsoleSessions.sameToken(session(request).csrfToken(), form.raw(CSRF_FIELD))) {
            throw ConsoleRefusal.badToken();
        }
    }
}
