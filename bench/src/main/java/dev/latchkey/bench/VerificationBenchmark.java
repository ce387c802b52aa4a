package dev.latchkey.bench;

import dev.latchkey.adapter.out.accounting.CountingUsage;
import dev.latchkey.adapter.out.accounting.QueuedAuditLog;
import dev.latchkey.adapter.out.accounting.SummarisedVerificationEvents;
import dev.latchkey.adapter.out.accounting.WriteBehindLastUse;
import dev.latchkey.adapter.out.cache.CachingVerifiableKeys;
import dev.latchkey.adapter.out.cache.VerificationCache;
import dev.latchkey.adapter.out.limits.InMemoryRateLimiter;
import dev.latchkey.adapter.out.persistence.AuditEventStore;
import dev.latchkey.adapter.out.persistence.UsageStore;
import dev.latchkey.adapter.out.persistence.VerificationSummaryStore;
import dev.latchkey.application.port.in.verification.VerificationRequest;
import dev.latchkey.application.port.out.keys.ApiKeys;
import dev.latchkey.application.service.verification.VerificationService;
import dev.latchkey.adapter.out.persistence.AuditEventStore;
import dev.latchkey.adapter.out.accounting.QueuedAuditLog;
import dev.latchkey.adapter.out.accounting.SummarisedVerificationEvents;
import dev.latchkey.adapter.out.persistence.VerificationSummaryStore;
import dev.latchkey.adapter.out.cache.CachingVerifiableKeys;
import dev.latchkey.adapter.out.limits.InMemoryRateLimiter;
import dev.latchkey.adapter.out.accounting.CountingUsage;
import dev.latchkey.adapter.out.persistence.UsageStore;
import dev.latchkey.adapter.out.cache.VerificationCache;
import dev.latchkey.adapter.out.accounting.WriteBehindLastUse;
import dev.latchkey.application.port.in.verification.VerificationRequest;
import dev.latchkey.application.port.out.keys.ApiKeys;
import dev.latchkey.application.service.verification.VerificationService;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.ApiKeyToken;
import dev.latchkey.domain.apikey.KeyPrefix;
import dev.latchkey.domain.apikey.Scopes;
import dev.latchkey.domain.apikey.SecretHasher;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.user.UserStatus;
import dev.latchkey.domain.verification.KeyVerifier;
import dev.latchkey.domain.verification.VerifiableKey;
import dev.latchkey.domain.verification.Verification;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The steps of verifying a presented key, one thread, microseconds per operation: parsing (with the CRC32
 * checksum), the HMAC comparison, the policies, and a whole cache hit as the service answers it on the event loop
 * (parse, cache lookup, HMAC, policies, last use noted).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class VerificationBenchmark {

    private String presented;
    private VerificationRequest request;
    private ApiKeyToken token;
    private ApiKeyToken otherToken;
    private VerifiableKey stored;
    private SecretHasher hasher;
    private KeyVerifier verifier;
    private VerificationService service;
    private final Set<dev.latchkey.domain.apikey.Scope> required = Set.of(new dev.latchkey.domain.apikey.Scope("process"));
    private final Instant now = Instant.parse("2026-11-23T12:00:00Z");

    @Setup
    public void setUp() {
        SecureRandom random = new SecureRandom();
        byte[] pepper = new byte[48];
        random.nextBytes(pepper);
        hasher = new SecretHasher(pepper);
        verifier = new KeyVerifier(hasher);
        token = ApiKeyToken.generate(KeyPrefix.DEFAULT, random);
        presented = token.value();
        otherToken = ApiKeyToken.generate(KeyPrefix.DEFAULT, random);
        ApiKey key = ApiKey.issue(token, hasher, UserId.generate(now, random), "bench",
                Scopes.parse(List.of("process", "keys:read")), now, now.plus(Duration.ofDays(365)));
        stored = VerifiableKey.of(key, UserStatus.ACTIVE);

        VerificationCache cache = new VerificationCache(new VerificationCache.Settings(1_000_000, Duration.ofSeconds(1),
                Duration.ZERO, 1_000), false, new SimpleMeterRegistry(), System::nanoTime);
        CachingVerifiableKeys keys = new CachingVerifiableKeys(id -> Optional.of(stored), cache);
        keys.findForVerification(token.keyId()); // cached from here on
        ApiKeys noStore = (ApiKeys) Proxy.newProxyInstance(ApiKeys.class.getClassLoader(),
                new Class<?>[] {ApiKeys.class}, (proxy, method, args) -> null);
        // the accounting as the service runs it, over stores that keep nothing: the queue and counters are measured
        QueuedAuditLog audit = new QueuedAuditLog((AuditEventStore) Proxy.newProxyInstance(
                AuditEventStore.class.getClassLoader(), new Class<?>[] {AuditEventStore.class},
                (proxy, method, args) -> method.getReturnType() == int.class ? 0 : null),
                new QueuedAuditLog.Settings(200_000, Duration.ofMillis(500), 1_000, 5_000, Duration.ofDays(90), 5_000),
                new SimpleMeterRegistry(), Clock.systemUTC());
        audit.start();
        SummarisedVerificationEvents summaries = new SummarisedVerificationEvents(VerificationSummaryStore.NONE,
                new SummarisedVerificationEvents.Settings(Duration.ofMillis(500), 20_000), new SimpleMeterRegistry(),
                Clock.systemUTC());
        summaries.start();
        CountingUsage usage = new CountingUsage((UsageStore) Proxy.newProxyInstance(UsageStore.class.getClassLoader(),
                new Class<?>[] {UsageStore.class}, (proxy, method, args) -> method.getReturnType() == int.class ? 0
                        : method.getReturnType() == List.class ? List.of() : null),
                new CountingUsage.Settings(Duration.ofSeconds(5), Duration.ofDays(7), Duration.ofDays(90),
                        Duration.ofDays(730)), new SimpleMeterRegistry(), Clock.systemUTC());
        usage.start();
        service = new VerificationService(keys, verifier,
                new VerificationService.Limits(new InMemoryRateLimiter(1_000_000), id -> java.util.OptionalLong.empty()),
                new VerificationService.Accounting(new WriteBehindLastUse(noStore, new SimpleMeterRegistry(),
                        Clock.systemUTC(), Duration.ofSeconds(60)), summaries, usage),
                task -> {
                    throw new IllegalStateException("a cached key is never read from the store");
                }, Clock.systemUTC());
        request = new VerificationRequest(presented, required,
                new VerificationRequest.Origin("203.0.113.7", "bench-request", "/v1/auth", null));
        if (!service.verify(request).toCompletableFuture().getNow(null).isValid()) {
            throw new IllegalStateException("the cached key must verify at once");
        }
    }

    @Benchmark
    public Optional<ApiKeyToken> parseWithChecksum() {
        return ApiKeyToken.parse(presented);
    }

    @Benchmark
    public boolean hmacComparison() {
        return hasher.matches(token, stored.secretHash());
    }

    @Benchmark
    public Verification policies() {
        return verifier.decide(token, Optional.of(stored), required, now, null);
    }

    /** With {@link #knownKeyIdWrongSecret}: an unknown key id must cost what a wrong secret costs (no oracle). */
    @Benchmark
    public Verification unknownKeyId() {
        return verifier.decide(token, Optional.empty(), required, now, null);
    }

    @Benchmark
    public Verification knownKeyIdWrongSecret() {
        return verifier.decide(otherToken, Optional.of(stored), required, now, null);
    }

    @Benchmark
    public CompletionStage<Verification> cachedKeyVerification() {
        return service.verify(request);
    }

}
