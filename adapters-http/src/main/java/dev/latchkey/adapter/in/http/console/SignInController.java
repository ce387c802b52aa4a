package dev.latchkey.adapter.in.http.console;

import dev.latchkey.adapter.in.http.common.EventLoops;
import dev.latchkey.adapter.in.http.security.AuthenticationFailure;
import dev.latchkey.application.port.in.verification.ThrottleFailedAuthentications;
import dev.latchkey.application.port.in.verification.VerificationRequest;
import dev.latchkey.application.port.in.verification.VerifyApiKey;
import dev.latchkey.domain.apikey.Scope;
import dev.latchkey.domain.verification.VerifiableKey;
import dev.latchkey.domain.verification.Verification;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Signing in to the console with an API key, and out. The key travels only in the body of the sign-in form; it is
 * verified as any presented key (audited, throttled per client address like the API's 401s) and then forgotten: the
 * session keeps its id.
 */
@Hidden
@Controller(ConsolePaths.ROOT)
final class SignInController {

    private final ConsolePages pages;
    private final ConsoleSessions sessions;
    private final VerifyApiKey verifyApiKey;
    private final ThrottleFailedAuthentications throttle;

    SignInController(ConsolePages pages, ConsoleSessions sessions, VerifyApiKey verifyApiKey,
                     ThrottleFailedAuthentications throttle) {
        this.pages = pages;
        this.sessions = sessions;
        this.verifyApiKey = verifyApiKey;
        this.throttle = throttle;
    }

    @Get("/sign-in")
    @Secured(SecurityRule.IS_ANONYMOUS)
    HttpResponse<?> signInForm(HttpRequest<?> request, @QueryValue @Nullable String ended,
                               @QueryValue("signed-out") @Nullable String signedOut) {
        String notice = signedOut != null ? "You are signed out."
                : SessionEnding.named(ended).map(ending -> ending.message).orElse(null);
        return signInPage(request, HttpResponse.ok(), null, notice);
    }

    @Post("/sign-in")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Secured(SecurityRule.IS_ANONYMOUS)
    HttpResponse<?> signIn(HttpRequest<?> request, @Body @Nullable Map<String, String> body) {
        ConsoleForm form = ConsoleForm.of(body);
        String expected = request.getCookies().findCookie(ConsoleSessions.SIGN_IN_COOKIE).map(Cookie::getValue)
                .orElse(null);
        if (!ConsoleSessions.sameToken(expected, form.raw(ConsolePages.CSRF_FIELD))) {
            return signInPage(request, HttpResponse.status(HttpStatus.FORBIDDEN), "The sign-in form had expired. "
                    + "Paste the key again.", null);
        }
        VerificationRequest.Origin origin = pages.origin(request, ConsolePaths.SIGN_IN, null);
        String client = origin.clientAddress();
        Optional<Duration> refusal = throttle.refusal(client);
        if (refusal.isPresent()) {
            return signInPage(request, HttpResponse.status(HttpStatus.TOO_MANY_REQUESTS), "Too many failed sign-ins "
                    + "from your address: try again in " + Math.max(1, refusal.get().toSeconds()) + " s.", null);
        }
        String key = form.text("key");
        if (key == null) {
            return signInPage(request, HttpResponse.badRequest(), "Paste an API key to sign in.", null);
        }
        // on the blocking pool (a controller that returns a plain response): waiting for the verdict is allowed here
        Verification verification = EventLoops.await(verifyApiKey.verify(new VerificationRequest(key, Set.of(),
                origin)));
        if (verification instanceof Verification.Rejected rejected) {
            AuthenticationFailure failure = AuthenticationFailure.of(rejected);
            if (failure.countsAgainstClient()) {
                throttle.failed(client); // as a 401 of the API: it counts against the client's address
            }
            return signInPage(request, HttpResponse.status(failure.code().status()), "That key cannot sign in: "
                    + failure.detail() + ".", null);
        }
        VerifiableKey signedIn = ((Verification.Valid) verification).key();
        // a key needs the privilege of one section of the console at least
        List<Scope> sectionPrivileges = ConsoleSection.privileges();
        if (sectionPrivileges.stream().noneMatch(signedIn.scopes().granted()::contains)) {
            return signInPage(request, HttpResponse.status(HttpStatus.FORBIDDEN), "That key grants none of "
                    + sectionPrivileges.stream().map(Scope::value).collect(Collectors.joining(", "))
                    + ", one of which the console needs.", null);
        }
        ConsoleSession session = sessions.start(signedIn.id(), signedIn.owner());
        return ConsolePages.seeOther(ConsolePaths.ROOT)
                .cookie(sessions.sessionCookie(request, session))
                .cookie(sessions.cleared(request, ConsoleSessions.SIGN_IN_COOKIE));
    }

    @Post("/sign-out")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Secured(SecurityRule.IS_AUTHENTICATED)
    HttpResponse<?> signOut(HttpRequest<?> request, @Body @Nullable Map<String, String> body) {
        ConsolePages.requireToken(request, ConsoleForm.of(body));
        sessions.end(ConsolePages.session(request));
        return ConsolePages.seeOther(ConsolePaths.SIGN_IN + "?signed-out=1")
                .cookie(sessions.cleared(request, ConsoleSessions.SESSION_COOKIE));
    }

    private MutableHttpResponse<?> signInPage(HttpRequest<?> request, MutableHttpResponse<?> response,
                                              @Nullable String error, @Nullable String notice) {
        String token = sessions.randomToken();
        return pages.render(request, response, "sign-in", ConsolePages.model(ConsolePages.CSRF_FIELD, token,
                        "error", error, "notice", notice))
                .cookie(sessions.signInCookie(request, token));
    }
}
