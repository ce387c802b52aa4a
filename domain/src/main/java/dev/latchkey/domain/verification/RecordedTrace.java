package dev.latchkey.domain.verification;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A trace that keeps what was recorded, for one explained verdict: the steps in the order they were taken, then every
 * step not taken as {@link Outcome#NOT_REACHED}. Written by one verification at a time (its stages hand it on, each
 * completing before the next starts), so it needs no locking.
 */
public final class RecordedTrace implements VerificationTrace {

    /** How a step ended. */
    public enum Outcome {
        PASSED, FAILED, NOT_REACHED
    }

    /** One step of the trace and what it looked at ({@code null} for a step not reached). */
    public record Step(VerificationStep step, Outcome outcome, StepDetail detail) {
    }

    private final List<Step> taken = new ArrayList<>(VerificationStep.values().length);

    @Override
    public boolean recording() {
        return true;
    }

    @Override
    public void record(VerificationStep step, boolean passed, StepDetail detail) {
        taken.add(new Step(step, passed ? Outcome.PASSED : Outcome.FAILED, detail));
    }

    /** Every step: those taken, in order, then those not reached, in {@link VerificationStep}'s order. */
    public List<Step> steps() {
        List<Step> all = new ArrayList<>(taken);
        Set<VerificationStep> notReached = EnumSet.allOf(VerificationStep.class);
        taken.forEach(step -> notReached.remove(step.step()));
        notReached.forEach(step -> all.add(new Step(step, Outcome.NOT_REACHED, null)));
        return List.copyOf(all);
    }

    /** The last step that refused the key: the one that decided a refusal; empty for a valid key. */
    public Optional<VerificationStep> lastFailure() {
        for (int i = taken.size() - 1; i >= 0; i--) {
            if (taken.get(i).outcome() == Outcome.FAILED) {
                return Optional.of(taken.get(i).step());
            }
        }
        return Optional.empty();
    }
}
