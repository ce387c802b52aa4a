package dev.latchkey.application.port.out;

import java.net.URI;
import java.util.Map;
import java.util.OptionalInt;

/** Posts a webhook to a receiver; never follows a redirect, and gives up after its timeout. */
public interface WebhookTransport {

    /** The receiver's HTTP status, or empty when it gave none (refused, unreachable, timed out). */
    OptionalInt post(URI url, Map<String, String> headers, String body);
}
