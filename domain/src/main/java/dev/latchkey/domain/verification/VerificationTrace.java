package dev.latchkey.domain.verification;

/**
 * Where the code that decides a verdict records each step it takes, as it takes it, when an explanation was asked
 * for. {@link #OFF} records nothing: an ordinary verification passes it and computes no detail, since every step
 * asks {@link #recording()} before it describes itself.
 */
public interface VerificationTrace {

    /** Records nothing: the trace of every verification nobody asked to explain. */
    VerificationTrace OFF = new VerificationTrace() {
        @Override
        public boolean recording() {
            return false;
        }

        @Override
        public void record(VerificationStep step, boolean passed, StepDetail detail) {
        }
    };

    /** Whether steps are recorded: a step describes itself only then. */
    boolean recording();

    /** {@code step} was taken and {@code passed} (or refused the key), having looked at {@code detail}. */
    void record(VerificationStep step, boolean passed, StepDetail detail);
}
