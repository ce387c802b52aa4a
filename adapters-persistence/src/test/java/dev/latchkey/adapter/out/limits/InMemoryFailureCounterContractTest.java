package dev.latchkey.adapter.out.limits;

import dev.latchkey.adapter.out.persistence.contract.FailureCounterContract;
import dev.latchkey.application.port.out.verification.FailureCounter;
import java.time.Duration;

class InMemoryFailureCounterContractTest extends FailureCounterContract {

    @Override
    protected FailureCounter emptyCounter() {
        return new InMemoryFailureCounter(LIMIT, Duration.ofMinutes(5), 1_000);
    }
}
