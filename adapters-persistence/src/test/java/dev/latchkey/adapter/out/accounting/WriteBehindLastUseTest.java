package dev.latchkey.adapter.out.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.application.port.out.keys.ApiKeys;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.DetailChanges;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.user.UserId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Last use collected in memory and written in batches, never on the caller's thread. */
class WriteBehindLastUseTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:15:30.123456Z");
    private static final KeyId A = new KeyId("AAAAAAAAAAAA");
    private static final KeyId B = new KeyId("BBBBBBBBBBBB");

    /** The key store, remembering each batch of last uses it was asked to write (and doing nothing else). */
    private static final class RecordingStore implements ApiKeys {
        final List<Map<KeyId, Instant>> batches = new ArrayList<>();
        volatile boolean down;

        @Override
        public void add(ApiKey key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<ApiKey> findById(KeyId id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<KeyId, ApiKey> findByIds(java.util.Collection<KeyId> ids) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<ApiKey> listByOwner(UserId owner, Optional<Position> after, int limit, boolean includeRevoked,
                                        Optional<Boolean> honeytoken) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Revocation> revoke(KeyId id, Instant at) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<ApiKey> updateDetails(KeyId id, DetailChanges changes) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean rotate(ApiKey.Rotation rotation) {
            throw new UnsupportedOperationException();
        }

        @Override
        public synchronized void recordUses(Map<KeyId, Instant> lastUses) {
            if (down) {
                throw new IllegalStateException("Communications link failure");
            }
            batches.add(Map.copyOf(lastUses));
        }
    }

    private static final Instant SECOND = T0.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

    private final RecordingStore store = new RecordingStore();
    private final MovingClock clock = new MovingClock(T0.plusSeconds(10));
    private final WriteBehindLastUse lastUse = new WriteBehindLastUse(store, new SimpleMeterRegistry(), clock, Duration.ZERO);

    @Test
    void recordingWritesNothingAndAFlushWritesTheLatestUseOfEachKeyToTheSecondInOneBatch() {
        lastUse.record(A, T0);
        lastUse.record(A, T0.plusSeconds(2));
        lastUse.record(A, T0.plusSeconds(1));
        lastUse.record(B, T0);
        assertThat(store.batches).isEmpty();

        lastUse.flush();

        assertThat(store.batches).containsExactly(Map.of(A, SECOND.plusSeconds(2), B, SECOND));
        lastUse.flush();
        assertThat(store.batches).hasSize(1); // nothing new: no statement
    }

    @Test
    void aFlushWritesOnlySecondsThatHaveEndedSoThatItWritesOneTime() {
        clock.now = SECOND.plusSeconds(1).plusMillis(50);
        lastUse.record(A, SECOND.plusMillis(900));
        lastUse.record(B, SECOND.plusSeconds(1).plusMillis(10)); // the current second: not over yet

        lastUse.flush();
        assertThat(store.batches).containsExactly(Map.of(A, SECOND));

        clock.now = SECOND.plusSeconds(2).plusMillis(50);
        lastUse.flush();
        assertThat(store.batches).containsExactly(Map.of(A, SECOND), Map.of(B, SECOND.plusSeconds(1)));
    }

    @Test
    void whatAFailedFlushCouldNotWriteIsWrittenByTheNext() {
        lastUse.record(A, T0);
        store.down = true;
        assertThatThrownBy(lastUse::flush).isInstanceOf(IllegalStateException.class);

        store.down = false;
        lastUse.record(B, T0);
        lastUse.flush();

        assertThat(store.batches).containsExactly(Map.of(A, SECOND, B, SECOND));
    }

    @Test
    void flushesOnItsScheduleAndEverythingOnClose() throws Exception {
        WriteBehindLastUse scheduled = new WriteBehindLastUse(store, new SimpleMeterRegistry(),
                java.time.Clock.systemUTC(), Duration.ZERO);
        scheduled.start(Duration.ofMillis(50));
        scheduled.record(A, T0);
        for (int i = 0; i < 300 && store.batches.isEmpty(); i++) {
            Thread.sleep(10);
        }
        assertThat(store.batches).containsExactly(Map.of(A, SECOND));
        scheduled.close();

        WriteBehindLastUse slow = new WriteBehindLastUse(store, new SimpleMeterRegistry(), clock, Duration.ZERO);
        slow.start(Duration.ofHours(1));
        slow.record(B, clock.now); // the current second too
        slow.close();
        assertThat(store.batches).containsExactly(Map.of(A, SECOND), Map.of(B, SECOND.plusSeconds(10)));
    }

    @Test
    void withAPrecisionAKeyInConstantUseIsRewrittenOncePerPrecisionAndItsLastUseOnceItWentQuiet() {
        WriteBehindLastUse minute = new WriteBehindLastUse(store, new SimpleMeterRegistry(), clock,
                Duration.ofSeconds(60));
        java.util.function.LongConsumer flushAt = second -> {
            clock.now = SECOND.plusSeconds(second).plusMillis(50);
            minute.flush();
        };
        minute.record(A, SECOND);
        flushAt.accept(1);
        assertThat(store.batches).containsExactly(Map.of(A, SECOND)); // a first use: at once

        for (int second = 1; second <= 61; second++) {
            minute.record(A, SECOND.plusSeconds(second));
            flushAt.accept(second + 1);
        }
        assertThat(store.batches).containsExactly(Map.of(A, SECOND), Map.of(A, SECOND.plusSeconds(60)));

        minute.record(A, SECOND.plusSeconds(70)); // the last use before A goes quiet
        flushAt.accept(100);
        assertThat(store.batches).hasSize(2);
        flushAt.accept(131);
        assertThat(store.batches).last().isEqualTo(Map.of(A, SECOND.plusSeconds(70)));

        flushAt.accept(200); // written and quiet: forgotten; a use after that is a first use again
        minute.record(A, SECOND.plusSeconds(200));
        flushAt.accept(201);
        assertThat(store.batches).last().isEqualTo(Map.of(A, SECOND.plusSeconds(200)));
    }

    @Test
    void closeWritesWhatThePrecisionHeldBack() {
        WriteBehindLastUse minute = new WriteBehindLastUse(store, new SimpleMeterRegistry(), clock,
                Duration.ofSeconds(60));
        clock.now = SECOND.plusSeconds(1).plusMillis(50);
        minute.record(A, SECOND);
        minute.flush();
        minute.record(A, SECOND.plusSeconds(5));

        minute.close();

        assertThat(store.batches).containsExactly(Map.of(A, SECOND), Map.of(A, SECOND.plusSeconds(5)));
    }

    /** A clock the test sets. */
    private static final class MovingClock extends java.time.Clock {
        volatile Instant now;

        MovingClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
