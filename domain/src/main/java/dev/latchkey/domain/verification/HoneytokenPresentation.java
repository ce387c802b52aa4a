package dev.latchkey.domain.verification;

import dev.latchkey.domain.apikey.Cidr;
import dev.latchkey.domain.apikey.KeyId;
import java.time.Instant;
import java.util.Objects;

/**
 * {@code count} presentations of honeytoken {@code keyId} with its genuine secret from one client address
 * ({@code clientIp}; {@code ""} when unknown) in the minute starting at {@code minute}, the first at {@code firstAt},
 * the last at {@code lastAt}; the user agent, route, request id and asking key ({@code /v1/keys/verify}'s caller) of
 * the first of them, each {@code null} when unknown. Never key material.
 */
public record HoneytokenPresentation(KeyId keyId, String clientIp, Instant minute, long count, Instant firstAt,
                                     Instant lastAt, String userAgent, String route, String requestId,
                                     KeyId askingKeyId) {

    /** The client address of a presentation whose address is not known. */
    public static final String UNKNOWN_ADDRESS = "";

    public HoneytokenPresentation {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(minute, "minute");
        Objects.requireNonNull(firstAt, "firstAt");
        Objects.requireNonNull(lastAt, "lastAt");
        clientIp = clientIp == null ? UNKNOWN_ADDRESS : clientIp;
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1");
        }
        if (minute.getEpochSecond() % 60 != 0 || minute.getNano() != 0) {
            throw new IllegalArgumentException("minute must start a minute");
        }
    }

    /** The start of the minute of {@code at}. */
    public static Instant minuteOf(Instant at) {
        return Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), 60) * 60);
    }

    /**
     * The presentation of {@code event} (of a honeytoken), one on its own; its address in canonical text
     * ({@link Cidr#canonicalAddress}), so that one address written two ways is one address (kept as given when it is
     * no IP literal).
     */
    public static HoneytokenPresentation of(VerificationEvent event) {
        if (!event.honeytoken() || event.keyId() == null) {
            throw new IllegalArgumentException("not a honeytoken's presentation");
        }
        String clientIp = Cidr.canonicalAddress(event.clientIp()).orElse(event.clientIp());
        return new HoneytokenPresentation(event.keyId(), clientIp, minuteOf(event.at()), 1, event.at(),
                event.at(), event.userAgent(), event.route(), event.requestId(), event.actorKeyId());
    }

    /** These presentations and {@code later} ones of the same key, address and minute, as one. */
    public HoneytokenPresentation plus(HoneytokenPresentation later) {
        return new HoneytokenPresentation(keyId, clientIp, minute, count + later.count,
                firstAt.isAfter(later.firstAt) ? later.firstAt : firstAt,
                lastAt.isBefore(later.lastAt) ? later.lastAt : lastAt, userAgent, route, requestId, askingKeyId);
    }
}
