package dev.latchkey.adapter.out.persistence.memory;

import dev.latchkey.adapter.out.persistence.VerificationSummaryStore.Key;
import dev.latchkey.adapter.out.persistence.contract.Stores;
import dev.latchkey.adapter.out.persistence.contract.SummaryChainContract;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.audit.AuditEvent;
import dev.latchkey.domain.audit.SummaryChain;
import java.time.Instant;

/** The summaries' chain contract in memory, tampered with through the store's test hook. */
class InMemorySummaryChainContractTest extends SummaryChainContract {

    private InMemoryVerificationSummaries summaries;

    @Override
    protected Stores emptyStores() {
        Stores stores = InMemoryStores.empty();
        summaries = (InMemoryVerificationSummaries) stores.summaries();
        return stores;
    }

    private static Key keyed(Instant minute) {
        return new Key(minute, KEY, "203.0.113.9", "VALID");
    }

    @Override
    protected void editSummaryCount(Instant minute) {
        summaries.tamper(rows -> {
            AuditEvent row = rows.get(keyed(minute));
            rows.put(keyed(minute), AuditEvent.summary(row.id(), minute, "VALID", row.keyId(), row.userId(),
                    row.clientIp(), row.count() + 1, row.firstAt(), row.lastAt()));
        }, links -> { });
    }

    @Override
    protected void insertSummary(Instant minute) {
        summaries.tamper(rows -> rows.put(new Key(minute, new KeyId("BBBBBBBBBBBB"), "198.51.100.7", "VALID"),
                AuditEvent.summary(99_999, minute, "VALID", new KeyId("BBBBBBBBBBBB"), null, "198.51.100.7", 1,
                        minute, minute)), links -> { });
    }

    @Override
    protected void deleteSummary(Instant minute) {
        summaries.tamper(rows -> rows.remove(keyed(minute)), links -> { });
    }

    @Override
    protected void editLink(long sequence) {
        summaries.tamper(rows -> { }, links -> {
            SummaryChain.Link link = links.get(sequence);
            links.put(sequence, new SummaryChain.Link(sequence, link.minute(), link.amended(),
                    link.sealedBefore(), new SummaryChain.Digest(link.digest().digest(), link.digest().rows(),
                            link.digest().verifications() + 1), link.hash(), link.newestOfMinute()));
        });
    }

    @Override
    protected void deleteLink(long sequence) {
        summaries.tamper(rows -> { }, links -> links.remove(sequence));
    }

    @Override
    protected void appendLink(SummaryChain.Link link) {
        summaries.tamper(rows -> { }, links -> links.put(link.sequence(), link));
        summaries.tamperState(state -> new SummaryChain.State(link.sequence(), link.hash(), state.purgedSequence(),
                state.purgedHash(), state.purgedBefore(), state.chainedFrom(), state.sealedBefore()));
    }

    @Override
    protected void moveMarker(String column, Instant to) {
        summaries.tamperState(state -> new SummaryChain.State(state.headSequence(), state.headHash(),
                state.purgedSequence(), state.purgedHash(),
                column.equals("purged_before") ? to : state.purgedBefore(),
                column.equals("chained_from") ? to : state.chainedFrom(),
                column.equals("sealed_before") ? to : state.sealedBefore()));
    }

    @Override
    protected void setHash(long sequence, String hash) {
        if (sequence == 0) {
            summaries.tamperState(state -> new SummaryChain.State(state.headSequence(), state.headHash(),
                    state.purgedSequence(), hash, state.purgedBefore(), state.chainedFrom(), state.sealedBefore()));
        } else {
            summaries.tamper(rows -> { }, links -> {
                SummaryChain.Link link = links.get(sequence);
                links.put(sequence, new SummaryChain.Link(sequence, link.minute(), link.amended(),
                        link.sealedBefore(), link.digest(), hash, link.newestOfMinute()));
            });
        }
    }
}
