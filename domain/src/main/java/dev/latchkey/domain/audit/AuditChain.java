package dev.latchkey.domain.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * The audit chain's arithmetic: each stored audit event, numbered {@code sequence} 1, 2, 3, ... in the order its
 * store wrote it, carries {@code hash = SHA-256(previous hash || canonical form)}, the first one after
 * {@link #GENESIS} (32 zero bytes). The canonical form (docs/audit-chain.md) is, in UTF-8, the fields below in this
 * order, each as {@code <length in bytes>:<bytes>,} or {@code -,} when null: the version {@code latchkey-audit-1},
 * the sequence (decimal), the time (UTC, {@code yyyy-MM-ddTHH:mm:ss.SSSSSSZ}: microseconds, what every store keeps),
 * the type's wire name, {@code true} or {@code false}, the code, the key id, the user id, the actor's key id, the
 * client address, the request id and the detail. The store's own row id is not part of it: the sequence is.
 */
public final class AuditChain {

    /** The previous hash of the first link. */
    public static final byte[] GENESIS = new byte[32];
    /** The first field of every canonical form: a new form gets a new version. */
    public static final String VERSION = "latchkey-audit-1";

    static final DateTimeFormatter MICROS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private AuditChain() {
    }

    /** {@code at} as the stores keep it: to the microsecond (the canonical form's precision). */
    public static Instant stored(Instant at) {
        return at.truncatedTo(ChronoUnit.MICROS);
    }

    /** The canonical form of {@code event} as link {@code sequence}. */
    public static byte[] canonical(long sequence, AuditEvent event) {
        StringBuilder form = new StringBuilder(256);
        field(form, VERSION);
        field(form, Long.toString(sequence));
        field(form, MICROS.format(stored(event.at())));
        field(form, event.type().wireName());
        field(form, Boolean.toString(event.success()));
        field(form, event.code());
        field(form, event.keyId() == null ? null : event.keyId().value());
        field(form, event.userId() == null ? null : event.userId().value());
        field(form, event.actorKeyId() == null ? null : event.actorKeyId().value());
        field(form, event.clientIp());
        field(form, event.requestId());
        field(form, event.detail());
        return form.toString().getBytes(StandardCharsets.UTF_8);
    }

    static void field(StringBuilder form, String value) {
        if (value == null) {
            form.append("-,");
        } else {
            form.append(value.getBytes(StandardCharsets.UTF_8).length).append(':').append(value).append(',');
        }
    }

    /** The hash of link {@code sequence} holding {@code event}, after the link whose hash is {@code previous}. */
    public static byte[] link(byte[] previous, long sequence, AuditEvent event) {
        MessageDigest sha256 = sha256();
        sha256.update(previous);
        sha256.update(canonical(sequence, event));
        return sha256.digest();
    }

    /** A hash as text: 64 lowercase hex digits (how the stores keep it). */
    public static String hex(byte[] hash) {
        return HEX.formatHex(hash);
    }

    /** 64 hex digits as a hash. */
    public static byte[] unhex(String hex) {
        if (hex == null || hex.length() != 64) {
            throw new IllegalArgumentException("a chain hash is 64 hex digits");
        }
        return HEX.parseHex(hex);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    /** One link as stored: the sequence, the store's row id, the event and the hash the store keeps with it. */
    public record Link(long sequence, long eventId, AuditEvent event, String hash) {
    }

    /**
     * What the store keeps beside the links: the head (the last sequence given and its hash) and what retention
     * purged (the last purged sequence and its hash, where the remaining chain starts, and {@code purgedAt}, its
     * event's time; null when nothing was purged); {@code chainedAfterId}, the last event id stored before the chain
     * began (older events carry no link).
     */
    public record State(long headSequence, String headHash, long purgedSequence, String purgedHash,
                        long chainedAfterId, Instant purgedAt) {

        /** A chain without links. */
        public static final State EMPTY = new State(0, hex(GENESIS), 0, hex(GENESIS), 0, null);
    }
}
