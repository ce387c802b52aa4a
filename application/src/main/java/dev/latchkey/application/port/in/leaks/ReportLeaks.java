package dev.latchkey.application.port.in.leaks;

import dev.latchkey.domain.leak.LeakOutcome;
import dev.latchkey.domain.leak.LeakReport;
import java.util.List;

/**
 * Takes reports of strings found in public places (from a secret scanner whose signature was checked, or from an
 * {@code admin}): each that is a genuine, live Latchkey key is revoked at once (or only flagged, by policy), audited
 * as {@code key.leaked} with where it was found, and announced. One outcome per report, in order.
 */
public interface ReportLeaks {

    List<LeakOutcome> report(List<LeakReport> reports);
}
