package dev.latchkey.domain.leak;

import java.util.Locale;

/**
 * What a report of one token came to: whether it was a Latchkey key (its secret matched a stored key: a well-formed
 * string with a real key id but another secret is not) and what was done about it.
 */
public record LeakOutcome(Label label, Action action) {

    public static final LeakOutcome NOT_OURS = new LeakOutcome(Label.UNKNOWN, Action.NONE);

    public enum Label {
        LATCHKEY_KEY, UNKNOWN;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Revoked now; flagged (audited and announced, left working); nothing (revoked already, or not ours). */
    public enum Action {
        REVOKED, FLAGGED, NONE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What the operator chose to do with a live leaked key: revoke it at once, or only flag it. */
    public enum Policy {
        REVOKE, FLAG
    }
}
