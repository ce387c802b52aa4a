package dev.latchkey.adapter.out.cache;

import dev.latchkey.application.port.out.verification.VerifiableKeys;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.verification.VerifiableKey;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A store whose first verification read, once it has read, waits until released: a miss that has read the store and
 * not yet cached what it read. Races with the cache are ordered with {@link #hasRead} and {@link #release}.
 */
public final class GatedVerifiableKeys implements VerifiableKeys {

    /** Counted down once the first read has read the store. */
    public final CountDownLatch hasRead = new CountDownLatch(1);
    /** Lets the first read return what it read. */
    public final CountDownLatch release = new CountDownLatch(1);
    private final VerifiableKeys store;
    private final AtomicBoolean first = new AtomicBoolean();

    public GatedVerifiableKeys(VerifiableKeys store) {
        this.store = store;
    }

    @Override
    public Optional<VerifiableKey> findForVerification(KeyId id) {
        Optional<VerifiableKey> read = store.findForVerification(id);
        if (first.compareAndSet(false, true)) {
            hasRead.countDown();
            try {
                if (!release.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return read;
    }
}
