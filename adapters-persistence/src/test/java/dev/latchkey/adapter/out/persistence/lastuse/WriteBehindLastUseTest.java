package dev.latchkey.adapter.out.persistence.lastuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.application.port.out.ApiKeys;
import dev.latchkey.domain.apikey.ApiKey;
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
        public List<ApiKey> listByOwner(UserId owner, Optional<Position> after, int limit, boolean includeRevoked) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<ApiKey> revoke(KeyId id, Instant at) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void updateDetails(ApiKey key) {
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

    private final RecordingStore store = new RecordingStore();
    private final WriteBehindLastUse lastUse = new WriteBehindLastUse(store, new SimpleMeterRegistry());

    @Test
    void recordingWritesNothingAndAFlushWritesTheLatestUseOfEachKeyInOneBatch() {
        lastUse.record(A, T0);
        lastUse.record(A, T0.plusSeconds(2));
        lastUse.record(A, T0.plusSeconds(1));
        lastUse.record(B, T0);
        assertThat(store.batches).isEmpty();

        lastUse.flush();

        assertThat(store.batches).containsExactly(Map.of(A, T0.plusSeconds(2), B, T0));
        lastUse.flush();
        assertThat(store.batches).hasSize(1); // nothing new: no statement
    }

    @Test
    void whatAFailedFlushCouldNotWriteIsWrittenByTheNext() {
        lastUse.record(A, T0);
        store.down = true;
        assertThatThrownBy(lastUse::flush).isInstanceOf(IllegalStateException.class);

        store.down = false;
        lastUse.record(B, T0);
        lastUse.flush();

        assertThat(store.batches).containsExactly(Map.of(A, T0, B, T0));
    }

    @Test
    void flushesOnItsScheduleAndOnClose() throws Exception {
        lastUse.start(Duration.ofMillis(50));
        lastUse.record(A, T0);
        for (int i = 0; i < 100 && store.batches.isEmpty(); i++) {
            Thread.sleep(10);
        }
        assertThat(store.batches).containsExactly(Map.of(A, T0));

        WriteBehindLastUse slow = new WriteBehindLastUse(store, new SimpleMeterRegistry());
        slow.start(Duration.ofHours(1));
        slow.record(B, T0);
        slow.close();
        assertThat(store.batches).containsExactly(Map.of(A, T0), Map.of(B, T0));
        lastUse.close();
    }
}
