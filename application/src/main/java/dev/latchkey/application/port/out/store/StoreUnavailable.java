package dev.latchkey.application.port.out.store;

/** A store could not be reached (connection refused, lost or timed out); callers answer 503, never 401. */
public final class StoreUnavailable extends RuntimeException {

    public StoreUnavailable(Throwable cause) {
        super("the store cannot be reached", cause);
    }
}
