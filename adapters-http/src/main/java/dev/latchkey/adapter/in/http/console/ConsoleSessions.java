package dev.latchkey.adapter.in.http.console;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.latchkey.adapter.in.http.common.ClientAddresses;
import dev.latchkey.domain.apikey.Cidr;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.user.UserId;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The console's sessions, kept in this node's memory: a session ends when signed out, after {@code idle-timeout}
 * without a request, after {@code lifetime} in any case, or when its key can no longer sign in (checked at every
 * request by {@link ConsoleAuthenticationFetcher}), or when its key signs in more than
 * {@code max-sessions-per-key} times: the key's oldest session ends (as a bank or Keycloak's "terminate oldest" does:
 * whoever holds the key can always sign in, and a stolen key cannot lock its owner out by filling the slots). Its
 * cookie holds only a random id, is HttpOnly, SameSite=Strict, limited to {@code /console}, and Secure, except over
 * plain HTTP from a client on this machine (a loopback address: the cookie never crosses a network), or from
 * anywhere when {@code plain-http} is set (an explicit opt-in, for a network the operator trusts).
 */
@Singleton
final class ConsoleSessions {

    static final String SESSION_COOKIE = "latchkey_console";
    /** The token of the sign-in form, before there is a session to hold it. */
    static final String SIGN_IN_COOKIE = "latchkey_console_sign_in";
    static final String PATH = "/console";
    static final Duration SIGN_IN_FORM_LIFETIME = Duration.ofMinutes(15);
    private static final int MAX_SESSIONS = 10_000;
    private static final byte[] IPV6_LOOPBACK = new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

    private final SecureRandom random = new SecureRandom();
    private final Cache<String, ConsoleSession> sessions;
    private final Duration lifetime;
    private final Clock clock;
    private final ClientAddresses clientAddresses;
    private final int maxSessionsPerKey;
    private final boolean plainHttp;

    ConsoleSessions(@Property(name = "latchkey.console.idle-timeout", defaultValue = "30m") Duration idleTimeout,
                    @Property(name = "latchkey.console.lifetime", defaultValue = "8h") Duration lifetime,
                    @Property(name = "latchkey.console.max-sessions-per-key", defaultValue = "5") int maxSessionsPerKey,
                    @Property(name = "latchkey.console.plain-http", defaultValue = "false") boolean plainHttp,
                    Clock clock, ClientAddresses clientAddresses) {
        if (maxSessionsPerKey < 1) {
            throw new IllegalArgumentException("latchkey.console.max-sessions-per-key must be at least 1");
        }
        this.maxSessionsPerKey = maxSessionsPerKey;
        this.plainHttp = plainHttp;
        this.lifetime = lifetime;
        this.clock = clock;
        this.clientAddresses = clientAddresses;
        // idle time is read from the service's clock, as the lifetime is
        this.sessions = Caffeine.newBuilder().maximumSize(MAX_SESSIONS).expireAfterAccess(idleTimeout)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis())).build();
    }

    /** A new session of {@code keyId}; past the cap, the key's oldest sessions end. */
    synchronized ConsoleSession start(KeyId keyId, UserId userId) {
        ConsoleSession session = new ConsoleSession(randomToken(), keyId, userId, randomToken(),
                clock.instant().plus(lifetime));
        // a scan, on sign-in only (throttled like any presented key); sessions of one lifetime end in start order
        List<ConsoleSession> ofKey = sessions.asMap().values().stream().filter(other -> other.keyId().equals(keyId))
                .sorted(Comparator.comparing(ConsoleSession::endsAt)).toList();
        for (int i = 0; i <= ofKey.size() - maxSessionsPerKey; i++) {
            end(ofKey.get(i));
        }
        sessions.put(session.id(), session);
        return session;
    }

    /** The live session the request's cookie names. */
    Optional<ConsoleSession> of(HttpRequest<?> request) {
        return request.getCookies().findCookie(SESSION_COOKIE).map(Cookie::getValue).map(sessions::getIfPresent)
                .filter(session -> {
                    if (clock.instant().isBefore(session.endsAt())) {
                        return true;
                    }
                    end(session);
                    return false;
                });
    }

    void end(ConsoleSession session) {
        sessions.invalidate(session.id());
    }

    Cookie sessionCookie(HttpRequest<?> request, ConsoleSession session) {
        return cookie(request, SESSION_COOKIE, session.id(), Duration.between(clock.instant(), session.endsAt()));
    }

    Cookie signInCookie(HttpRequest<?> request, String token) {
        return cookie(request, SIGN_IN_COOKIE, token, SIGN_IN_FORM_LIFETIME);
    }

    /** A cookie that tells the browser to forget {@code name}. */
    Cookie cleared(HttpRequest<?> request, String name) {
        return cookie(request, name, "", Duration.ZERO);
    }

    private Cookie cookie(HttpRequest<?> request, String name, String value, Duration maxAge) {
        return Cookie.of(name, value).path(PATH).httpOnly(true).sameSite(SameSite.Strict)
                .secure(secure(request)).maxAge(Math.max(0, maxAge.toSeconds()));
    }

    /** Secure unless over plain HTTP from this machine, or from anywhere with the explicit opt-in. */
    private boolean secure(HttpRequest<?> request) {
        return clientAddresses.isHttps(request) || !(plainHttp || isLoopback(clientAddresses.of(request)));
    }

    private static boolean isLoopback(String client) {
        return Cidr.literal(client).map(bytes -> bytes.length == 4 ? (bytes[0] & 0xff) == 127
                : Arrays.equals(bytes, IPV6_LOOPBACK)).orElse(false);
    }

    /** 256 random bits, URL-safe. */
    String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether a form's token is the expected one, compared in constant time; a missing one never is. */
    static boolean sameToken(String expected, String presented) {
        return expected != null && presented != null && !expected.isEmpty()
                && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }
}
