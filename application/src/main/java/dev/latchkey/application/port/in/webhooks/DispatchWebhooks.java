package dev.latchkey.application.port.in.webhooks;

/**
 * One pass of the webhook worker: hands the outbox's new events to the endpoints that want them, then makes the
 * delivery attempts that are due. Run by one node at a time (a lease in the store); blocks on the network.
 */
public interface DispatchWebhooks {

    /** Hands out new events, then attempts at most {@code maxAttempts} due deliveries (each claimed first). */
    Pass runOnce(int maxAttempts);

    /** Deletes delivered and failed deliveries, and events, older than the retention; how many rows went. */
    int purge();

    /** What a pass did: events handed out, attempts made and, of them, delivered. */
    record Pass(int eventsDispatched, int attempts, int delivered) {
    }
}
