package dev.latchkey.adapter.out.persistence.memory;

import dev.latchkey.adapter.out.persistence.AuditEventStore;
import dev.latchkey.application.port.out.audit.AuditChainLinks;
import dev.latchkey.application.port.out.audit.AuditLog;
import dev.latchkey.domain.audit.AuditChain;
import dev.latchkey.domain.audit.AuditEvent;
import dev.latchkey.domain.audit.AuditFilter;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Audit events in memory, each with its link of the audit chain (docs/audit-chain.md), by sequence; one lock
 * serialises the writers of the chain as the head row's lock does in a database.
 */
@Singleton
@Requires(property = "latchkey.store", value = "memory")
final class InMemoryAuditEvents implements AuditEventStore, AuditChainLinks {

    private final TreeMap<Long, AuditChain.Link> bySequence = new TreeMap<>();
    private long ids;
    private AuditChain.State state = AuditChain.State.EMPTY;

    @Override
    public void append(AuditEvent event) {
        appendAll(List.of(event));
    }

    @Override
    public synchronized void appendAll(List<AuditEvent> events) {
        long sequence = state.headSequence();
        byte[] previous = AuditChain.unhex(state.headHash());
        for (AuditEvent written : events) {
            AuditEvent event = written.withId(++ids);
            sequence++;
            previous = AuditChain.link(previous, sequence, event);
            bySequence.put(sequence, new AuditChain.Link(sequence, event.id(), event, AuditChain.hex(previous)));
        }
        state = new AuditChain.State(sequence, AuditChain.hex(previous), state.purgedSequence(), state.purgedHash(),
                0, state.purgedAt());
    }

    @Override
    public synchronized List<AuditEvent> find(AuditFilter filter, Optional<AuditLog.Position> after, int limit) {
        return AuditEntries.find(bySequence.values().stream().map(AuditChain.Link::event).toList(), filter, after,
                limit);
    }

    /** From the start of the chain only, in sequence, up to the first link not older than {@code before} or a gap. */
    @Override
    public synchronized int purgeBefore(Instant before, int batch) {
        int purged = 0;
        long next = state.purgedSequence() + 1;
        AuditChain.Link last = null;
        while (purged < batch && bySequence.containsKey(next) && bySequence.get(next).event().at().isBefore(before)) {
            last = bySequence.remove(next++);
            purged++;
        }
        if (last != null) {
            state = new AuditChain.State(state.headSequence(), state.headHash(), last.sequence(), last.hash(), 0,
                    last.event().at());
        }
        return purged;
    }

    @Override
    public synchronized AuditChain.State state() {
        return state;
    }

    @Override
    public synchronized List<AuditChain.Link> links(long from, int limit) {
        return bySequence.tailMap(from, true).values().stream().limit(limit).toList();
    }

    @Override
    public synchronized OptionalLong firstAtOrAfter(Instant at) {
        return bySequence.values().stream().filter(link -> !link.event().at().isBefore(at))
                .min(Comparator.comparing((AuditChain.Link link) -> link.event().at())
                        .thenComparingLong(AuditChain.Link::eventId))
                .map(link -> OptionalLong.of(link.sequence())).orElse(OptionalLong.empty());
    }

    /**
     * Every event here has a link: only {@link #tamper} could put one in, without a link (not possible here) or at a
     * sequence not above what retention purged (where no walk looks).
     */
    @Override
    public synchronized OptionalLong unchainedAfterStart() {
        return bySequence.headMap(state.purgedSequence(), true).values().stream()
                .mapToLong(AuditChain.Link::eventId).min();
    }

    @Override
    public long unchainedBeforeStart() {
        return 0;
    }

    /**
     * For tests: what an insider with access to the process could do to the stored links (edit, put in, take out),
     * as SQL does to a database's rows: {@code edit} gets the links by sequence and changes them in place.
     */
    synchronized void tamper(Consumer<NavigableMap<Long, AuditChain.Link>> edit) {
        edit.accept(bySequence);
        ids = Math.max(ids, bySequence.values().stream().mapToLong(AuditChain.Link::eventId).max().orElse(0));
    }

    /** For tests: moves the purge marker, as an insider covering a deleted start would. */
    synchronized void movePurgeMarker(long sequence, String hash) {
        state = new AuditChain.State(state.headSequence(), state.headHash(), sequence, hash, 0, state.purgedAt());
    }

    /** For tests: sets the head back, as an insider covering a deleted tail would. */
    synchronized void rewind(long sequence, String hash) {
        state = new AuditChain.State(sequence, hash, state.purgedSequence(), state.purgedHash(), 0,
                state.purgedAt());
    }
}
