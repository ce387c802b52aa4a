package dev.latchkey.adapter.in.http.security;

import dev.latchkey.adapter.in.http.common.ClientAddresses;
import dev.latchkey.adapter.in.http.common.RequestIds;
import dev.latchkey.adapter.in.http.common.UserAgents;
import dev.latchkey.adapter.in.http.problem.ProblemCode;
import dev.latchkey.application.port.in.verification.ThrottleFailedAuthentications;
import dev.latchkey.application.port.in.verification.VerificationRequest;
import dev.latchkey.application.port.in.verification.VerifyApiKey;
import dev.latchkey.application.port.out.store.StoreUnavailable;
import dev.latchkey.domain.apikey.Scope;
import dev.latchkey.domain.verification.RateLimitState;
import dev.latchkey.domain.verification.Verification;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What becomes of the key a request presents in its headers (docs/api-guide.md §1): the client's address is checked
 * against the failure throttle first (a throttled address learns nothing of the key it presents: it is not even
 * parsed), then the key is verified through the one entry, {@link VerifyApiKey#verify}, with the request's origin (its
 * client address, id and route) as plain values, and a 401 counts against the address. The outcome is complete at
 * once when the verdict needed no blocking I/O; it never completes exceptionally: a verification that gave no verdict
 * is {@code unavailable} (the store is lost) or {@code internal_error} (a bug, logged with its stack trace, which never
 * holds the presented key).
 */
@Singleton
public final class KeyCheck {

    private static final Logger LOG = LoggerFactory.getLogger(KeyCheck.class);

    /** What became of a request's key. */
    public sealed interface Outcome {

        /** The key's rate-limit state after this use, when its limit was consulted. */
        default Optional<RateLimitState> rateLimit() {
            return Optional.empty();
        }
    }

    /** The request presented no key. */
    public record NoKey() implements Outcome {
    }

    /** The key passed. */
    public record Passed(Verification.Valid verdict) implements Outcome {
        @Override
        public Optional<RateLimitState> rateLimit() {
            return verdict.rateLimit();
        }
    }

    /** The key, or the request, was refused. */
    public record Refused(AuthenticationFailure failure, Optional<RateLimitState> rateLimit) implements Outcome {
        Refused(AuthenticationFailure failure) {
            this(failure, Optional.empty());
        }
    }

    private static final NoKey NO_KEY = new NoKey();

    private final VerifyApiKey verifyApiKey;
    private final ThrottleFailedAuthentications throttle;
    private final ClientAddresses clientAddresses;
    private final List<String> keyHeaderNames;

    KeyCheck(VerifyApiKey verifyApiKey, ThrottleFailedAuthentications throttle, ClientAddresses clientAddresses,
             @Property(name = "latchkey.http.key-headers") @Nullable List<String> extraKeyHeaders) {
        this.verifyApiKey = verifyApiKey;
        this.throttle = throttle;
        this.clientAddresses = clientAddresses;
        this.keyHeaderNames = PresentedKey.keyHeaderNames(extraKeyHeaders == null ? List.of() : extraKeyHeaders);
    }

    /** The outcome of the key {@code request} presents, which must grant {@code required}; asked for by {@code route}. */
    public CompletionStage<Outcome> check(HttpRequest<?> request, Set<Scope> required, @Nullable String route) {
        PresentedKey presented = PresentedKey.from(request.getHeaders(), keyHeaderNames);
        if (presented instanceof PresentedKey.None) {
            return CompletableFuture.completedFuture(NO_KEY);
        }
        String client = clientAddresses.of(request);
        Optional<Duration> refusal = throttle.refusal(client);
        if (refusal.isPresent()) {
            long seconds = Math.max(1, (refusal.get().toMillis() + 999) / 1000);
            return CompletableFuture.completedFuture(new Refused(new AuthenticationFailure(ProblemCode.TOO_MANY_FAILURES,
                    "too many failed authentications from this address; try again in " + seconds + " s", seconds)));
        }
        if (presented instanceof PresentedKey.Ambiguous) {
            return CompletableFuture.completedFuture(new Refused(new AuthenticationFailure(
                    ProblemCode.AMBIGUOUS_CREDENTIALS, "the request presents different keys in different headers")));
        }
        if (presented instanceof PresentedKey.Unreadable) {
            return CompletableFuture.completedFuture(failed(new AuthenticationFailure(ProblemCode.MALFORMED_KEY,
                    "the API key is not well-formed"), Optional.empty(), client));
        }
        String key = ((PresentedKey.Key) presented).value();
        VerificationRequest verification = new VerificationRequest(key, required,
                new VerificationRequest.Origin(client, RequestIds.of(request), route, null, UserAgents.of(request)));
        CompletionStage<Verification> verdict;
        try {
            verdict = verifyApiKey.verify(verification);
        } catch (RuntimeException e) { // the port never throws: were it to, the answer is the same
            verdict = CompletableFuture.failedFuture(e);
        }
        return verdict.handle((answered, failure) -> failure != null ? new Refused(unexpected(failure))
                : outcome(answered, client));
    }

    private Outcome outcome(Verification verdict, String client) {
        if (verdict instanceof Verification.Valid valid) {
            return new Passed(valid);
        }
        Verification.Rejected rejected = (Verification.Rejected) verdict;
        return failed(AuthenticationFailure.of(rejected), rejected.rateLimit(), client);
    }

    /** A refusal; a 401 also counts against the client's address. */
    private Refused failed(AuthenticationFailure failure, Optional<RateLimitState> rateLimit, String client) {
        if (failure.countsAgainstClient()) {
            throttle.failed(client);
        }
        return new Refused(failure, rateLimit);
    }

    /**
     * The refusal of a verification that gave no verdict. A lost store is {@code 503 unavailable}, logged once when
     * it goes (by the store's breaker), not once per request. Anything else is a bug, not an outage:
     * {@code 500 internal_error}, and an error in the log with its stack trace.
     */
    public static AuthenticationFailure unexpected(Throwable failure) {
        Throwable error = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (error instanceof StoreUnavailable) {
            LOG.debug("API key verification failed: store unavailable");
            return new AuthenticationFailure(ProblemCode.UNAVAILABLE, "the key store cannot be reached");
        }
        LOG.error("API key verification failed unexpectedly", error);
        return new AuthenticationFailure(ProblemCode.INTERNAL_ERROR, "an unexpected error; the log of the service has "
                + "the details");
    }
}
