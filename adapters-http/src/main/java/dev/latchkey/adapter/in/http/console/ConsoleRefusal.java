package dev.latchkey.adapter.in.http.console;

import io.micronaut.http.HttpStatus;

/** A console request refused with a page saying why: a form without its token, a page that does not exist. */
final class ConsoleRefusal extends RuntimeException {

    private final HttpStatus status;

    ConsoleRefusal(HttpStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static ConsoleRefusal badToken() {
        return new ConsoleRefusal(HttpStatus.FORBIDDEN, "This form did not come from your console session, or the "
                + "session has changed since. Nothing was done: reload the page and try again.");
    }

    HttpStatus status() {
        return status;
    }
}
