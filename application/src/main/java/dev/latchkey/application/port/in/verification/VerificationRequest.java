package dev.latchkey.application.port.in.verification;

import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.Scope;
import java.util.Objects;
import java.util.Set;

/**
 * One key to verify: the key as presented (any text, {@code null} included: what does not parse is the verdict
 * {@code MALFORMED}), the scopes it must grant, and where it was presented from. Plain values: whoever asks reads
 * them from its own request; verification never looks for them anywhere else.
 */
public record VerificationRequest(String presentedKey, Set<Scope> requiredScopes, Origin origin) {

    public VerificationRequest {
        requiredScopes = requiredScopes == null ? Set.of() : Set.copyOf(requiredScopes);
        Objects.requireNonNull(origin, "origin");
    }

    /** A key presented with no required scope. */
    public VerificationRequest(String presentedKey, Origin origin) {
        this(presentedKey, Set.of(), origin);
    }

    /** Never shows the presented key. */
    @Override
    public String toString() {
        return "VerificationRequest[scopes=" + requiredScopes + ", origin=" + origin + "]";
    }

    /**
     * Where the key was presented: the client's address (an IP literal; {@code null} when unknown, which no
     * allowed-address restriction accepts), the id of the request that carried it, the route that asked
     * ({@code /v1/auth}, {@code /v1/keys/verify}, or the route the key authenticates), and the key that asked for
     * the verification when that is another key ({@code /v1/keys/verify}'s caller; else {@code null}), and the
     * client's user agent (cut to {@link #MAX_USER_AGENT} characters). Each may be {@code null}.
     */
    public record Origin(String clientAddress, String requestId, String route, KeyId askingKeyId, String userAgent) {

        /** A user agent longer than this is cut: it is kept only for a honeytoken's alert. */
        public static final int MAX_USER_AGENT = 256;

        /** Nothing known: a verification outside any request. */
        public static final Origin NONE = new Origin(null, null, null, null, null);

        public Origin {
            if (userAgent != null && userAgent.length() > MAX_USER_AGENT) {
                userAgent = userAgent.substring(0, MAX_USER_AGENT);
            }
        }

        /** An origin whose user agent is not known. */
        public Origin(String clientAddress, String requestId, String route, KeyId askingKeyId) {
            this(clientAddress, requestId, route, askingKeyId, null);
        }

        /** A key presented by a client at {@code clientAddress}, nothing else known. */
        public static Origin from(String clientAddress) {
            return new Origin(clientAddress, null, null, null, null);
        }
    }
}
