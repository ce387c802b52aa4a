package dev.latchkey.bench;

import dev.latchkey.adapter.out.cache.CachingVerifiableKeys;
import dev.latchkey.adapter.out.cache.VerificationCache;
import dev.latchkey.domain.apikey.ApiKeyToken;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.KeyPrefix;
import dev.latchkey.domain.apikey.Scopes;
import dev.latchkey.domain.apikey.SecretHash;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.user.UserStatus;
import dev.latchkey.domain.verification.VerifiableKey;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * How much heap a full verification cache retains: fills one with {@code entries} keys (default 1,000,000) read
 * through it as verification reads them, {@code keysPerOwner} keys per user (default 10), three distinct scope
 * sets, every other key with an expiry; then measures the heap in use after full collections, against the empty
 * cache. Run: {@code java -Xmx2g -cp bench/target/benchmarks.jar dev.latchkey.bench.CacheFootprint [entries]
 * [keysPerOwner]}.
 */
public final class CacheFootprint {

    private CacheFootprint() {
    }

    public static void main(String[] args) throws InterruptedException {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int keysPerOwner = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        SplittableRandom random = new SplittableRandom(2026);
        Instant now = Instant.parse("2026-11-23T12:00:00Z");
        List<Scopes> scopeSets = List.of(Scopes.parse(List.of("process")), Scopes.parse(List.of("process", "keys:read")),
                Scopes.parse(List.of("orders:read", "orders:write", "reports")));
        KeyId[] ids = new KeyId[entries];
        for (int i = 0; i < entries; i++) {
            ids[i] = ApiKeyToken.generate(KeyPrefix.DEFAULT, random).keyId();
        }
        String[] owners = new String[(entries + keysPerOwner - 1) / keysPerOwner];
        for (int i = 0; i < owners.length; i++) {
            owners[i] = UserId.generate(now, random).value();
        }

        VerificationCache cache = new VerificationCache(new VerificationCache.Settings(entries, Duration.ofSeconds(1),
                Duration.ZERO, 1_000), false, new SimpleMeterRegistry(), System::nanoTime);
        CachingVerifiableKeys keys = new CachingVerifiableKeys(id -> {
            int n = random.nextInt(entries);
            byte[] hash = new byte[SecretHash.LENGTH];
            random.nextBytes(hash);
            // a fresh copy of everything, as a store read gives it: only what the cache keeps stays reachable
            return Optional.of(new VerifiableKey(id, KeyPrefix.DEFAULT, new UserId(new String(owners[n / keysPerOwner])),
                    SecretHash.of(hash), Scopes.of(scopeSets.get(n % 3).values()),
                    n % 2 == 0 ? now.plusSeconds(n) : null, null, null, UserStatus.ACTIVE));
        }, cache);

        long empty = usedHeapAfterGc();
        for (KeyId id : ids) {
            // a copy, as each request parses its own: the cache keeps its key id text, the harness's array stays apart
            keys.findForVerification(new KeyId(new String(id.value())));
        }
        long full = usedHeapAfterGc();
        long perEntry = (full - empty) / entries;
        System.out.printf("cache footprint: %,d entries (%d keys per owner) retain %,d MB of heap, %d bytes per entry%n",
                entries, keysPerOwner, (full - empty) >> 20, perEntry);
        if (keys.findAtHand(ids[0]).isEmpty()) {
            throw new IllegalStateException("the cache lost entries: its size bound is below the entry count");
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
