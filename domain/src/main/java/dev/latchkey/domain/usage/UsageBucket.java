package dev.latchkey.domain.usage;

import java.time.Instant;
import java.util.Objects;

/** A key's verifications in one bucket: those that were valid and those rejected. */
public record UsageBucket(Instant start, long valid, long rejected) {

    public UsageBucket {
        Objects.requireNonNull(start, "start");
    }

    public UsageBucket plus(long moreValid, long moreRejected) {
        return new UsageBucket(start, valid + moreValid, rejected + moreRejected);
    }
}
