package dev.latchkey.application.port.out.audit;

import dev.latchkey.domain.audit.SummaryChain;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The chain of the verification summaries as a store keeps it, read for verification (docs/audit-chain.md). */
public interface SummaryChainLinks {

    /** The head, what retention purged, and which minutes are chained and sealed. */
    SummaryChain.State state();

    /** Up to {@code limit} links with a sequence of at least {@code from}, by sequence. */
    List<SummaryChain.Link> links(long from, int limit);

    /** The summary rows of {@code minute} as stored now. */
    List<SummaryChain.Row> rows(Instant minute);

    /** The first minute that is sealed and not being purged ({@link SummaryChain.State#checked}) with rows but no link. */
    Optional<Instant> unlinkedSealedMinute();

    /** The first minute later than {@code at} with summary rows (rows dated in the future were put in). */
    Optional<Instant> minuteAfter(Instant at);

    /** A store without summaries. */
    SummaryChainLinks NONE = new SummaryChainLinks() {
        @Override
        public SummaryChain.State state() {
            return SummaryChain.State.EMPTY;
        }

        @Override
        public List<SummaryChain.Link> links(long from, int limit) {
            return List.of();
        }

        @Override
        public List<SummaryChain.Row> rows(Instant minute) {
            return List.of();
        }

        @Override
        public Optional<Instant> unlinkedSealedMinute() {
            return Optional.empty();
        }

        @Override
        public Optional<Instant> minuteAfter(Instant at) {
            return Optional.empty();
        }
    };
}
