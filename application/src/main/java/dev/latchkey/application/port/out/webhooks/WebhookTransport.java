package dev.latchkey.application.port.out.webhooks;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Posts a webhook to a receiver, only at an address the operator's network rules allow (latchkey.webhooks.
 * allowed-networks; global unicast only by default); never follows a redirect, and gives up when its one deadline for
 * the whole exchange has passed.
 */
public interface WebhookTransport {

    /**
     * Why {@code url} may not be a receiver's address: its host is, names, or resolves to an address the rules refuse
     * (e.g. "127.0.0.1 is a loopback address"); empty when it may, or when its name does not resolve now (each
     * delivery checks again).
     */
    Optional<String> refusal(URI url);

    /**
     * Resolves the host, checks every address it resolves to, and posts to a checked one (never to an address looked
     * up again after the check); what came of it.
     */
    Outcome post(URI url, Map<String, String> headers, String body);

    /** What came of a post. */
    sealed interface Outcome {
    }

    /** The receiver answered with this HTTP status. */
    record Answered(int status) implements Outcome {
    }

    /** No answer within the deadline, e.g. "connection refused", "timed out": a short reason, no secret in it. */
    record NoAnswer(String reason) implements Outcome {
    }

    /** Not posted: the target is refused by the network rules, and why. */
    record Refused(String reason) implements Outcome {
    }
}
