package dev.latchkey.domain.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The chain of the verification summaries (docs/audit-chain.md): one link per sealed minute, and one more
 * ("amended") each time a flush adds to a minute already sealed. A link holds the minute, whether it amends it, how
 * many rows and verifications the minute had and {@code digest}, SHA-256 over the canonical form of each of the
 * minute's rows in a fixed order; {@code hash = SHA-256(previous hash || canonical form of the link)}, the first after
 * {@link AuditChain#GENESIS}. Fields are encoded as the audit chain's ({@code <length>:<bytes>,} or {@code -,}).
 */
public final class SummaryChain {

    /** The first field of a link's canonical form. */
    public static final String LINK_VERSION = "latchkey-summaries-1";
    /**
     * How far before the sealing point a flush may still amend a minute: a later flush's rows of an older sealed minute
     * are dropped (and logged), and verification reports an amended link outside it as put in.
     */
    public static final Duration AMENDMENT_WINDOW = Duration.ofMinutes(5);
    /** The first field of a row's canonical form. */
    public static final String ROW_VERSION = "latchkey-summary-1";

    /** Rows by key id, client address and outcome (as stored, {@code ""} for none), compared as UTF-8 bytes. */
    private static final Comparator<Row> ORDER = Comparator.<Row, byte[]>comparing(row -> utf8(row.keyId()),
                    Arrays::compareUnsigned)
            .thenComparing(row -> utf8(row.clientIp()), Arrays::compareUnsigned)
            .thenComparing(row -> utf8(row.outcome()), Arrays::compareUnsigned);

    private SummaryChain() {
    }

    /**
     * One summary row as stored: {@code keyId} and {@code clientIp} {@code ""} when none (the JDBC stores' form; the
     * in-memory store maps its {@code null} to it), {@code userId} {@code null} when none.
     */
    public record Row(Instant minute, String keyId, String clientIp, String outcome, String userId,
                      long verifications, Instant firstAt, Instant lastAt) {

        public Row {
            keyId = keyId == null ? "" : keyId;
            clientIp = clientIp == null ? "" : clientIp;
        }
    }

    /** The canonical form of one row: version, minute, key id, client address, outcome, user, count, first, last. */
    public static byte[] canonical(Row row) {
        StringBuilder form = new StringBuilder(160);
        AuditChain.field(form, ROW_VERSION);
        AuditChain.field(form, AuditChain.MICROS.format(row.minute()));
        AuditChain.field(form, row.keyId());
        AuditChain.field(form, row.clientIp());
        AuditChain.field(form, row.outcome());
        AuditChain.field(form, row.userId());
        AuditChain.field(form, Long.toString(row.verifications()));
        AuditChain.field(form, AuditChain.MICROS.format(AuditChain.stored(row.firstAt())));
        AuditChain.field(form, AuditChain.MICROS.format(AuditChain.stored(row.lastAt())));
        return form.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** What a minute's rows come to: their digest (SHA-256 of their canonical forms in order), count and sum. */
    public record Digest(String digest, long rows, long verifications) {
    }

    /** The digest of one minute's rows, in any order: they are sorted by key id, client address and outcome. */
    public static Digest digest(List<Row> rows) {
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(ORDER);
        MessageDigest sha256 = AuditChain.sha256();
        long verifications = 0;
        for (Row row : sorted) {
            sha256.update(canonical(row));
            verifications += row.verifications();
        }
        return new Digest(AuditChain.hex(sha256.digest()), sorted.size(), verifications);
    }

    /**
     * The canonical form of a link: version, sequence, minute, amended, sealing point ({@code sealed_before} once the
     * link was written), rows, verifications, digest.
     */
    public static byte[] canonical(long sequence, Instant minute, boolean amended, Instant sealedBefore,
                                   Digest digest) {
        StringBuilder form = new StringBuilder(200);
        AuditChain.field(form, LINK_VERSION);
        AuditChain.field(form, Long.toString(sequence));
        AuditChain.field(form, AuditChain.MICROS.format(minute));
        AuditChain.field(form, Boolean.toString(amended));
        AuditChain.field(form, AuditChain.MICROS.format(sealedBefore));
        AuditChain.field(form, Long.toString(digest.rows()));
        AuditChain.field(form, Long.toString(digest.verifications()));
        AuditChain.field(form, digest.digest());
        return form.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The hash of link {@code sequence} after the link whose hash is {@code previous}. */
    public static String link(byte[] previous, long sequence, Instant minute, boolean amended, Instant sealedBefore,
                              Digest digest) {
        MessageDigest sha256 = AuditChain.sha256();
        sha256.update(previous);
        sha256.update(canonical(sequence, minute, amended, sealedBefore, digest));
        return AuditChain.hex(sha256.digest());
    }

    /** The link of {@code minute} with sequence {@code sequence} after {@code previous}. */
    public static Link next(String previous, long sequence, Instant minute, boolean amended, Instant sealedBefore,
                            Digest digest) {
        return new Link(sequence, minute, amended, sealedBefore, digest,
                link(AuditChain.unhex(previous), sequence, minute, amended, sealedBefore, digest), sequence);
    }

    /**
     * One link as stored; {@code newestOfMinute}, the sequence of the newest link of the same minute (the one the
     * minute's rows must match; this one's when it is the newest); {@code sealedBefore}, the sealing point once it
     * was written (never going back along the chain; an amended link's minute is within {@link #AMENDMENT_WINDOW}
     * before it).
     */
    public record Link(long sequence, Instant minute, boolean amended, Instant sealedBefore, Digest digest,
                       String hash, long newestOfMinute) {

        /** Whether this link's own fields hash, after {@code previous}, to its stored hash. */
        public String recompute(byte[] previous) {
            return link(previous, sequence, minute, amended, sealedBefore, digest);
        }

        /** Why this link cannot have been written by the store after {@code before} (null: it can). */
        public String misplaced(Link before) {
            if (!minute.isBefore(sealedBefore)) {
                return "its minute is not before its sealing point " + sealedBefore;
            }
            if (before != null && sealedBefore.isBefore(before.sealedBefore())) {
                return "its sealing point " + sealedBefore + " goes back from " + before.sealedBefore();
            }
            if (amended && minute.isBefore(sealedBefore.minus(AMENDMENT_WINDOW))) {
                return "it amends minute " + minute + ", older than the " + AMENDMENT_WINDOW.toMinutes()
                        + " minutes a late flush may amend before its sealing point " + sealedBefore;
            }
            return null;
        }
    }

    /**
     * Beside the links: the head (last sequence and hash), what retention purged (last purged sequence and hash, and
     * the cut-off it purged before: rows of older minutes are not checked), {@code chainedFrom} (minutes before it
     * were summarised before the chain began and carry no link) and {@code sealedBefore} (every minute from
     * {@code chainedFrom} to before it is sealed).
     */
    public record State(long headSequence, String headHash, long purgedSequence, String purgedHash,
                        Instant purgedBefore, Instant chainedFrom, Instant sealedBefore) {

        /** An empty chain. */
        public static final State EMPTY = new State(0, AuditChain.hex(AuditChain.GENESIS), 0,
                AuditChain.hex(AuditChain.GENESIS), Instant.EPOCH, Instant.EPOCH, Instant.EPOCH);

        /** Whether {@code minute}'s rows are under a link (sealed, chained, not being purged). */
        public boolean sealed(Instant minute) {
            return !minute.isBefore(chainedFrom) && minute.isBefore(sealedBefore);
        }

        /** Whether {@code minute}'s rows are checked against its newest link. */
        public boolean checked(Instant minute) {
            return sealed(minute) && !minute.isBefore(purgedBefore);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
