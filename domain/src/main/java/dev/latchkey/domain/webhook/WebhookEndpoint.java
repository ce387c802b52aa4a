package dev.latchkey.domain.webhook;

import dev.latchkey.domain.InvalidValueException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * A receiver of webhooks: where they are posted, which event types it wants, and the secret they are signed with
 * (shown once, when it is registered; never in a listing, a log or {@link #toString()}).
 */
public record WebhookEndpoint(WebhookId id, URI url, Set<WebhookEventType> events, String secret, Instant createdAt) {

    public static final int MAX_URL_LENGTH = 2000;
    /** Random bytes in a secret: 256 bits. */
    public static final int SECRET_BYTES = 32;

    public WebhookEndpoint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(createdAt, "createdAt");
        if (events == null || events.isEmpty()) {
            throw new InvalidValueException("events", "events must name at least one event type");
        }
        events = Set.copyOf(EnumSet.copyOf(events));
        WebhookSignature.ofSecret(secret); // a well-formed secret, or InvalidValueException
    }

    /** A new endpoint with a fresh secret. */
    public static WebhookEndpoint register(String url, Collection<WebhookEventType> events, Instant now,
                                           RandomGenerator random) {
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        return new WebhookEndpoint(WebhookId.generate(now, random), url(url), Set.copyOf(events),
                WebhookSignature.secretOf(secret), now);
    }

    /**
     * Reads a receiver's address: an absolute {@code https} (or {@code http}) URL with a host, at most
     * {@value #MAX_URL_LENGTH} characters, without credentials or a fragment (a listing shows the URL).
     */
    public static URI url(String text) {
        if (text == null || text.isBlank() || text.length() > MAX_URL_LENGTH) {
            throw invalidUrl();
        }
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw invalidUrl();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || uri.isOpaque()) {
            throw invalidUrl();
        }
        if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw new InvalidValueException("url", "url must not hold credentials or a fragment");
        }
        return uri;
    }

    public boolean wants(WebhookEventType type) {
        return events.contains(type);
    }

    private static InvalidValueException invalidUrl() {
        return new InvalidValueException("url", "url must be an absolute https or http URL of at most "
                + MAX_URL_LENGTH + " characters");
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "WebhookEndpoint[" + id + " " + url + " " + events + "]";
    }
}
