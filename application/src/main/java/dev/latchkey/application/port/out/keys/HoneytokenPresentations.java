package dev.latchkey.application.port.out.keys;

import dev.latchkey.domain.verification.HoneytokenPresentation;
import java.time.Instant;

/** The count of each honeytoken's presentations, per key, client address and minute, and per key in all. */
public interface HoneytokenPresentations {

    /**
     * Adds {@code presentations} to its key, address and minute's count and to the key's total
     * ({@code ApiKey.honeytokenPresentations}), in the caller's transaction when there is one; true when this call
     * created the key, address and minute's count (of concurrent callers, exactly one), so that it alone alerts.
     */
    boolean add(HoneytokenPresentation presentations);

    /**
     * Deletes at most {@code batch} counts of minutes that started before {@code before} (the audit trail's retention);
     * the keys' totals stay. Returns how many it deleted.
     */
    int purgeBefore(Instant before, int batch);
}
