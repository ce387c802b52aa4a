package dev.latchkey.adapter.in.http.security;

import dev.latchkey.adapter.in.http.common.ClientAddresses;
import dev.latchkey.adapter.in.http.common.EventLoops;
import dev.latchkey.adapter.in.http.problem.ProblemCode;

import dev.latchkey.application.port.in.ThrottleFailedAuthentications;
import dev.latchkey.application.port.in.VerifyApiKey;
import dev.latchkey.application.port.out.StoreUnavailable;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.Scope;
import dev.latchkey.domain.apikey.Scopes;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.verification.VerifiableKey;
import dev.latchkey.domain.verification.Verification;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.context.ServerRequestContext;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Authenticates requests by API key for Micronaut Security: the key's granted scopes become roles, checked
 * by {@code @Secured}. A refused key leaves the request unauthenticated with the reason recorded on it, so
 * that {@link AuthorizationProblems} can answer with the right problem. A verdict known without blocking I/O (a cached
 * key, a malformed one) is given on the event loop, after the shared rate limiter's answer for a key whose limit is in
 * Redis (awaited without blocking; the request goes on on its event loop); only a store read goes to the blocking
 * pool, and no failure of it ever escapes as a 500.
 */
@Singleton
public final class ApiKeyAuthenticationFetcher implements AuthenticationFetcher<HttpRequest<?>> {

    public static final String USER_ID = "userId";
    static final String KEY_ID = "keyId";
    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyAuthenticationFetcher.class);

    private final VerifyApiKey verifyApiKey;
    private final ThrottleFailedAuthentications throttle;
    private final ClientAddresses clientAddresses;
    private final List<String> keyHeaderNames;
    private final Scheduler blocking;

    ApiKeyAuthenticationFetcher(VerifyApiKey verifyApiKey, ThrottleFailedAuthentications throttle,
                                ClientAddresses clientAddresses,
                                @Property(name = "latchkey.http.key-headers") @Nullable List<String> extraKeyHeaders,
                                @Named(TaskExecutors.BLOCKING) ExecutorService blockingExecutor) {
        this.verifyApiKey = verifyApiKey;
        this.throttle = throttle;
        this.clientAddresses = clientAddresses;
        this.keyHeaderNames = PresentedKey.keyHeaderNames(extraKeyHeaders == null ? List.of() : extraKeyHeaders);
        this.blocking = Schedulers.fromExecutorService(blockingExecutor);
    }

    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
        PresentedKey presented = PresentedKey.from(request.getHeaders(), keyHeaderNames);
        if (presented instanceof PresentedKey.None) {
            return Mono.empty();
        }
        String client = clientAddresses.of(request);
        Optional<Duration> refusal = throttle.refusal(client);
        if (refusal.isPresent()) {
            // a throttled address learns nothing about the key it presents: it is not even parsed
            long seconds = Math.max(1, (refusal.get().toMillis() + 999) / 1000);
            new AuthenticationFailure(ProblemCode.TOO_MANY_FAILURES, "too many failed authentications from this "
                    + "address; try again in " + seconds + " s", seconds).recordOn(request);
            return Mono.empty();
        }
        if (presented instanceof PresentedKey.Key key) {
            Optional<CompletionStage<Verification>> atHand;
            try {
                atHand = verifyApiKey.verifyAtHand(key.value(), Set.of());
            } catch (RuntimeException e) {
                failedUnexpectedly(request, e);
                return Mono.empty();
            }
            if (atHand.isPresent()) {
                // complete at once, or (a rate limit shared over the network) when the limiter answers
                return EventLoops.whenAnswered(atHand.get(), request, answered -> authenticate(request, answered, client))
                        .onErrorResume(error -> {
                            failedUnexpectedly(request, error instanceof CompletionException ? error.getCause() : error);
                            return Mono.empty();
                        });
            }
            // the request travels with the work: the audit trail reads its origin from it
            return Mono.fromCallable(() -> ServerRequestContext.with(request,
                            (Supplier<Authentication>) () -> authenticate(request, verifyApiKey.verify(key.value(), Set.of()), client)))
                    .subscribeOn(blocking)
                    .onErrorResume(error -> {
                        failedUnexpectedly(request, error);
                        return Mono.empty();
                    });
        }
        if (presented instanceof PresentedKey.Ambiguous) {
            new AuthenticationFailure(ProblemCode.AMBIGUOUS_CREDENTIALS,
                    "the request presents different keys in different headers").recordOn(request);
        } else if (presented instanceof PresentedKey.Unreadable) {
            failed(request, new AuthenticationFailure(ProblemCode.MALFORMED_KEY, "the API key is not well-formed"),
                    client);
        }
        return Mono.empty();
    }

    /**
     * A verification that gave no verdict. A lost store is {@code 503 unavailable}, logged once when it goes (by the
     * store's breaker), not once per request. Anything else is a bug, not an outage: {@code 500 internal_error}, and
     * an error in the log with its stack trace (it never holds the presented key: nothing is built from it but the
     * parsed key id).
     */
    static void failedUnexpectedly(HttpRequest<?> request, Throwable error) {
        if (error instanceof StoreUnavailable) {
            LOG.debug("API key verification failed: store unavailable");
            new AuthenticationFailure(ProblemCode.UNAVAILABLE, "the key store cannot be reached").recordOn(request);
        } else {
            LOG.error("API key verification failed unexpectedly", error);
            new AuthenticationFailure(ProblemCode.INTERNAL_ERROR, "an unexpected error; the log of the service has "
                    + "the details").recordOn(request);
        }
    }

    private Authentication authenticate(HttpRequest<?> request, Verification verification, String client) {
        verification.rateLimit().ifPresent(state -> RateLimitHeaders.recordOn(request, state));
        if (verification instanceof Verification.Valid valid) {
            return authenticationOf(valid.key());
        }
        failed(request, AuthenticationFailure.of((Verification.Rejected) verification), client);
        return null;
    }

    /** Records why the key did not authenticate; a 401 also counts against the client's address. */
    private void failed(HttpRequest<?> request, AuthenticationFailure failure, String client) {
        failure.recordOn(request);
        if (failure.countsAgainstClient()) {
            throttle.failed(client);
        }
    }

    static Authentication authenticationOf(VerifiableKey key) {
        return authenticationOf(key.id(), key.owner(), key.scopes());
    }

    /** A key's authentication: named by its id, its granted scopes as roles (checked by {@code @Secured}). */
    public static Authentication authenticationOf(KeyId id, UserId owner, Scopes scopes) {
        Set<String> roles = scopes.granted().stream().map(Scope::value).collect(Collectors.toSet());
        return Authentication.build(id.value(), roles, Map.of(USER_ID, owner.value(), KEY_ID, id.value()));
    }
}
