package dev.latchkey.adapter.in.http.console;

import dev.latchkey.adapter.in.http.common.ClientAddresses;
import dev.latchkey.adapter.in.http.security.ApiKeyAuthenticationFetcher;
import dev.latchkey.application.port.in.keys.GetCurrentPrincipal;
import dev.latchkey.application.port.out.store.StoreUnavailable;
import dev.latchkey.domain.DomainException;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.verification.RejectionReason;
import dev.latchkey.domain.verification.VerifiableKey;
import dev.latchkey.domain.verification.VerificationAttempt;
import dev.latchkey.domain.verification.VerificationPolicies;
import io.micronaut.http.HttpRequest;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Authenticates console pages by their session cookie, and only them (the API never accepts the cookie, so no other
 * site can make a browser call it). At every request the session's key is read again and put through the domain's
 * verification policies ({@link VerificationPolicies#STANDARD}, the list every presented key passes): a key revoked
 * or expired, an owner disabled or deleted, or a client outside the key's allowed addresses ends the session there; the key's current scopes become the roles that the console's
 * {@code @Secured} routes check, exactly as the API's.
 */
@Singleton
final class ConsoleAuthenticationFetcher implements AuthenticationFetcher<HttpRequest<?>> {

    /** Why a request's session ended, for the sign-in page it is sent to. */
    static final String ENDED = "latchkey.console.ended";
    static final String SESSION = "latchkey.console.session";

    private final ConsoleSessions sessions;
    private final GetCurrentPrincipal principals;
    private final Clock clock;
    private final ClientAddresses clientAddresses;
    private final Scheduler blocking;

    ConsoleAuthenticationFetcher(ConsoleSessions sessions, GetCurrentPrincipal principals, Clock clock,
                                 ClientAddresses clientAddresses,
                                 @Named(TaskExecutors.BLOCKING) ExecutorService blockingExecutor) {
        this.sessions = sessions;
        this.principals = principals;
        this.clock = clock;
        this.clientAddresses = clientAddresses;
        this.blocking = Schedulers.fromExecutorService(blockingExecutor);
    }

    /** After the API-key fetcher: the hot path never waits for this one, which looks only at console paths. */
    @Override
    public int getOrder() {
        return 100;
    }

    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
        if (!ConsolePaths.isConsole(request.getPath())) {
            return Mono.empty();
        }
        Optional<ConsoleSession> session = sessions.of(request);
        if (session.isEmpty()) {
            return Mono.empty();
        }
        return Mono.fromCallable(() -> authenticate(request, session.get())).subscribeOn(blocking);
    }

    private Authentication authenticate(HttpRequest<?> request, ConsoleSession session) {
        ApiKey key;
        try {
            GetCurrentPrincipal.Principal principal = principals.of(session.keyId());
            key = principal.key();
            // the policies every presented key passes, in their order: a session lasts as long as its key would work
            Optional<RejectionReason> refusal = VerificationPolicies.firstRefusal(VerificationPolicies.STANDARD,
                    new VerificationAttempt(VerifiableKey.of(key, principal.user().status()), Set.of(),
                            clock.instant(), clientAddresses.of(request)));
            if (refusal.isPresent()) {
                return end(request, session, SessionEnding.of(refusal.get()));
            }
        } catch (StoreUnavailable e) {
            request.setAttribute(ENDED, "unavailable");
            return null;
        } catch (DomainException e) {
            return end(request, session, SessionEnding.GONE); // the key or its owner no longer exists
        }
        request.setAttribute(SESSION, session);
        return ApiKeyAuthenticationFetcher.authenticationOf(key.id(), key.owner(), key.scopes());
    }

    private Authentication end(HttpRequest<?> request, ConsoleSession session, SessionEnding why) {
        sessions.end(session);
        request.setAttribute(ENDED, why.word);
        return null;
    }
}
