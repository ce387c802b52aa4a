package dev.latchkey.application.service.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.application.port.in.audit.VerifyAuditChain;
import dev.latchkey.application.port.out.audit.SummaryChainLinks;
import dev.latchkey.domain.audit.AuditChain;
import dev.latchkey.domain.audit.SummaryChain;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SummaryChainWalkTest {

    private static final Instant M0 = Instant.parse("2026-11-22T10:15:00Z");
    private static final int ROWS_A_MINUTE = (int) (SummaryChainWalk.MAX_ROWS_READ / 2);

    /** Three sealed minutes of {@link #ROWS_A_MINUTE} rows each, one link each. */
    private static final class BigMinutes implements SummaryChainLinks {
        private final List<SummaryChain.Link> links = new ArrayList<>();
        private final SummaryChain.State state;

        BigMinutes() {
            String previous = AuditChain.hex(AuditChain.GENESIS);
            for (int i = 0; i < 3; i++) {
                SummaryChain.Link link = SummaryChain.next(previous, i + 1, minute(i), false, minute(3),
                        SummaryChain.digest(rows(minute(i))));
                links.add(link);
                previous = link.hash();
            }
            state = new SummaryChain.State(3, previous, 0, AuditChain.hex(AuditChain.GENESIS), Instant.EPOCH,
                    M0, minute(3));
        }

        private static Instant minute(int n) {
            return M0.plusSeconds(60L * n);
        }

        @Override
        public SummaryChain.State state() {
            return state;
        }

        @Override
        public List<SummaryChain.Link> links(long from, int limit) {
            return links.stream().filter(link -> link.sequence() >= from).limit(limit).toList();
        }

        @Override
        public List<SummaryChain.Row> rows(Instant minute) {
            List<SummaryChain.Row> rows = new ArrayList<>(ROWS_A_MINUTE);
            for (int i = 0; i < ROWS_A_MINUTE; i++) {
                rows.add(new SummaryChain.Row(minute, "AAAAAAAAAAAA", "10." + (i >> 16) + "." + ((i >> 8) & 255) + "."
                        + (i & 255), "VALID", null, 1, minute, minute));
            }
            return rows;
        }

        @Override
        public Optional<Instant> unlinkedSealedMinute() {
            return Optional.empty();
        }

        @Override
        public Optional<Instant> minuteAfter(Instant at) {
            return Optional.empty();
        }
    }

    @Test
    void aWalkStopsAfterTheCapOfRowsReadAndSaysWhereToGoOn() {
        BigMinutes chain = new BigMinutes();

        VerifyAuditChain.Summaries first = new SummaryChainWalk(chain, chain.state(), OptionalLong.empty())
                .run(100);

        assertThat(first.intact()).isTrue();
        assertThat(first.checked()).isEqualTo(2);
        assertThat(first.continueFrom()).hasValue(3);
        VerifyAuditChain.Summaries next = new SummaryChainWalk(chain, chain.state(), OptionalLong.of(3)).run(100);
        assertThat(next.intact()).isTrue();
        assertThat(next.checked()).isEqualTo(1);
        assertThat(next.continueFrom()).isEmpty();
    }
}
