package dev.latchkey.application.port.out.audit;

import dev.latchkey.domain.audit.AuditChain;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/** The audit chain as a store keeps it, read for verification (docs/audit-chain.md). Read-only. */
public interface AuditChainLinks {

    /** The head, what retention purged, and where the chain began. */
    AuditChain.State state();

    /** Up to {@code limit} links with a sequence of at least {@code from}, by sequence. */
    List<AuditChain.Link> links(long from, int limit);

    /** The sequence of the first link (by time, then id) whose event is at or after {@code at}. */
    OptionalLong firstAtOrAfter(Instant at);

    /** The smallest id of an event stored without a link after the chain began: a row put in by hand. */
    OptionalLong unchainedAfterStart();

    /** How many events older than the chain are kept without a link. */
    long unchainedBeforeStart();
}
