package dev.latchkey.bootstrap;

import dev.latchkey.application.port.out.verification.VerificationEvents;
import dev.latchkey.domain.verification.VerificationEvent;

/** Every event to each of several sinks, in order (each of them never blocks and never fails). */
final class FanOutVerificationEvents implements VerificationEvents {

    private final VerificationEvents[] sinks;

    private FanOutVerificationEvents(VerificationEvents[] sinks) {
        this.sinks = sinks;
    }

    /** The sinks as one; a single sink as itself. */
    static VerificationEvents of(VerificationEvents... sinks) {
        return sinks.length == 1 ? sinks[0] : new FanOutVerificationEvents(sinks.clone());
    }

    @Override
    public void record(VerificationEvent event) {
        for (VerificationEvents sink : sinks) {
            sink.record(event);
        }
    }
}
