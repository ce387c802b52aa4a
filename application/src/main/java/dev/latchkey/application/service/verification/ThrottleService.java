package dev.latchkey.application.service.verification;

import dev.latchkey.application.port.in.verification.ThrottleFailedAuthentications;
import dev.latchkey.application.port.out.verification.FailureCounter;
import java.time.Duration;
import java.util.Optional;

/** Refuses a client address that failed too often: the counting, its limit and its window are the counter's. */
public final class ThrottleService implements ThrottleFailedAuthentications {

    private final FailureCounter failures;

    public ThrottleService(FailureCounter failures) {
        this.failures = failures;
    }

    @Override
    public Optional<Duration> refusal(String client) {
        return failures.exhausted(client);
    }

    @Override
    public void failed(String client) {
        failures.count(client);
    }
}
