package dev.latchkey.adapter.out.persistence.memory;

import dev.latchkey.adapter.out.persistence.VerificationSummaryStore;
import dev.latchkey.application.port.out.audit.AuditLog;
import dev.latchkey.application.port.out.audit.SummaryChainLinks;
import dev.latchkey.domain.audit.AuditEvent;
import dev.latchkey.domain.audit.AuditFilter;
import dev.latchkey.domain.audit.SummaryChain;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Verification summaries in memory, by their key; a delta is added to its summary as the JDBC store's upsert does.
 * The summaries' chain (docs/audit-chain.md) as the JDBC store keeps it, one lock standing for the head row's.
 */
@Singleton
@Requires(property = "latchkey.store", value = "memory")
final class InMemoryVerificationSummaries implements VerificationSummaryStore, SummaryChainLinks {

    private final Map<Key, AuditEvent> rows = new HashMap<>();
    private final TreeMap<Long, SummaryChain.Link> links = new TreeMap<>();
    private SummaryChain.State state = SummaryChain.State.EMPTY;
    private long ids;

    @Override
    public synchronized void addAll(Map<Key, Delta> deltas) {
        Instant oldest = state.sealedBefore().minus(SummaryChain.AMENDMENT_WINDOW);
        deltas.forEach((key, delta) -> {
            if (key.minute().isBefore(oldest)) {
                return; // too late to amend: dropped, as the JDBC store does
            }
            AuditEvent stored = rows.get(key);
            if (stored == null) {
                rows.put(key, AuditEvent.summary(ID_BASE + ++ids, key.minute(), key.outcome(), key.keyId(),
                        delta.userId(), key.clientIp(), delta.count(), delta.firstAt(), delta.lastAt()));
            } else {
                Delta sum = new Delta(stored.count(), stored.firstAt(), stored.lastAt(), stored.userId()).plus(delta);
                rows.put(key, AuditEvent.summary(stored.id(), key.minute(), key.outcome(), key.keyId(), sum.userId(),
                        key.clientIp(), sum.count(), sum.firstAt(), sum.lastAt()));
            }
        });
        TreeSet<Instant> minutes = new TreeSet<>();
        deltas.keySet().stream().filter(key -> !key.minute().isBefore(oldest)).forEach(key -> minutes.add(key.minute()));
        append(minutes.stream().filter(state::sealed).toList(), true, state.sealedBefore());
    }

    private void append(List<Instant> minutes, boolean amended, Instant sealedBefore) {
        long sequence = state.headSequence();
        String previous = state.headHash();
        for (Instant minute : minutes) {
            SummaryChain.Link link = SummaryChain.next(previous, ++sequence, minute, amended, sealedBefore,
                    SummaryChain.digest(rows(minute)));
            links.put(sequence, link);
            previous = link.hash();
        }
        state = new SummaryChain.State(sequence, previous, state.purgedSequence(), state.purgedHash(),
                state.purgedBefore(), state.chainedFrom(), sealedBefore);
    }

    @Override
    public synchronized int seal(Instant before, int maxMinutes) {
        if (!before.isAfter(state.sealedBefore())) {
            return 0;
        }
        SummaryChain.Link head = links.get(state.headSequence());
        if (state.headSequence() > state.purgedSequence()
                && (head == null || state.sealedBefore().isBefore(head.sealedBefore()))) {
            return 0; // the sealing point was moved back: not sealed again (the JDBC store logs it)
        }
        List<Instant> minutes = rows.keySet().stream().map(Key::minute)
                .filter(minute -> !minute.isBefore(state.sealedBefore()) && minute.isBefore(before)).distinct()
                .sorted().limit(maxMinutes).toList();
        append(minutes, false, minutes.size() < maxMinutes ? before : minutes.get(minutes.size() - 1).plusSeconds(60));
        return minutes.size();
    }

    @Override
    public synchronized List<AuditEvent> find(AuditFilter filter, Optional<AuditLog.Position> after, int limit) {
        return AuditEntries.find(rows.values(), filter, after, limit);
    }

    @Override
    public synchronized int purgeBefore(Instant before, int batch) {
        Instant cut = Instant.ofEpochSecond(Math.floorDiv(before.getEpochSecond(), 60) * 60);
        List<Key> old = rows.keySet().stream().filter(key -> key.minute().isBefore(cut)).limit(batch).toList();
        old.forEach(rows::remove);
        long purged = state.purgedSequence();
        long atMost = purged + batch;
        String purgedHash = state.purgedHash();
        for (SummaryChain.Link link : links.tailMap(purged + 1).values()) {
            if (link.sequence() != purged + 1 || !link.minute().isBefore(cut) || link.sequence() > atMost) {
                break;
            }
            purged = link.sequence();
            purgedHash = link.hash();
        }
        links.headMap(purged + 1).clear();
        state = new SummaryChain.State(state.headSequence(), state.headHash(), purged, purgedHash,
                cut.isAfter(state.purgedBefore()) ? cut : state.purgedBefore(), state.chainedFrom(),
                state.sealedBefore());
        return old.size();
    }

    @Override
    public synchronized SummaryChain.State state() {
        return state;
    }

    @Override
    public synchronized List<SummaryChain.Link> links(long from, int limit) {
        return links.tailMap(from).values().stream().limit(limit).map(link -> new SummaryChain.Link(
                link.sequence(), link.minute(), link.amended(), link.sealedBefore(), link.digest(), link.hash(),
                newest(link.minute())))
                .toList();
    }

    private long newest(Instant minute) {
        return links.values().stream().filter(link -> link.minute().equals(minute))
                .mapToLong(SummaryChain.Link::sequence).max().orElse(0);
    }

    @Override
    public synchronized List<SummaryChain.Row> rows(Instant minute) {
        return rows.entrySet().stream().filter(row -> row.getKey().minute().equals(minute)).map(row -> {
            AuditEvent summary = row.getValue();
            return new SummaryChain.Row(minute, summary.keyId() == null ? null : summary.keyId().value(),
                    summary.clientIp(), row.getKey().outcome(),
                    summary.userId() == null ? null : summary.userId().value(), summary.count(), summary.firstAt(),
                    summary.lastAt());
        }).toList();
    }

    @Override
    public synchronized Optional<Instant> unlinkedSealedMinute() {
        return rows.keySet().stream().map(Key::minute).filter(state::checked)
                .filter(minute -> links.values().stream().noneMatch(link -> link.minute().equals(minute)))
                .min(Instant::compareTo);
    }

    @Override
    public synchronized Optional<Instant> minuteAfter(Instant at) {
        return rows.keySet().stream().map(Key::minute).filter(minute -> minute.isAfter(at)).min(Instant::compareTo);
    }

    /** For tests: changes the chain's markers behind its back, as SQL would. */
    synchronized void tamperState(UnaryOperator<SummaryChain.State> change) {
        state = change.apply(state);
    }

    /** For tests: changes the stored summaries or links behind the chain's back, as SQL would. */
    synchronized void tamper(Consumer<Map<Key, AuditEvent>> onRows, Consumer<TreeMap<Long, SummaryChain.Link>> onLinks) {
        onRows.accept(rows);
        onLinks.accept(links);
    }
}
