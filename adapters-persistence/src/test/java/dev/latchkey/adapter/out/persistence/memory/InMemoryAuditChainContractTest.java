package dev.latchkey.adapter.out.persistence.memory;

import dev.latchkey.adapter.out.persistence.contract.AuditChainContract;
import dev.latchkey.adapter.out.persistence.contract.Stores;
import dev.latchkey.domain.audit.AuditChain;
import dev.latchkey.domain.audit.AuditEvent;
import dev.latchkey.domain.audit.AuditEventType;

/** The audit chain contract in memory, tampered with through the store's test hook. */
class InMemoryAuditChainContractTest extends AuditChainContract {

    private InMemoryAuditEvents events;

    @Override
    protected Stores emptyStores() {
        Stores stores = InMemoryStores.empty();
        events = (InMemoryAuditEvents) stores.auditEvents();
        return stores;
    }

    @Override
    protected void editEvent(long sequence) {
        events.tamper(links -> {
            AuditChain.Link link = links.get(sequence);
            AuditEvent event = link.event();
            links.put(sequence, new AuditChain.Link(sequence, link.eventId(), new AuditEvent(event.id(), event.at(),
                    event.type(), event.success(), event.code(), event.keyId(), event.userId(), event.actorKeyId(),
                    event.clientIp(), "forged", event.detail()), link.hash()));
        });
    }

    /** In memory every event is a link: one put in by hand takes a sequence and a made-up hash, after the head. */
    @Override
    protected long insertUnchainedEvent(long likeSequence) {
        long[] id = new long[1];
        events.tamper(links -> {
            AuditChain.Link like = links.get(likeSequence);
            long sequence = links.lastKey() + 1;
            id[0] = 1_000_000 + sequence;
            AuditEvent event = like.event();
            links.put(sequence, new AuditChain.Link(sequence, id[0], new AuditEvent(id[0], event.at(),
                    AuditEventType.KEY_REVOKED, true, null, event.keyId(), event.userId(), null, null, null),
                    AuditChain.hex(new byte[32])));
        });
        return id[0];
    }

    @Override
    protected long insertLinkAt(long sequence, long likeSequence) {
        long id = 2_000_000 + sequence;
        events.tamper(links -> {
            AuditEvent event = links.get(likeSequence).event();
            links.put(sequence, new AuditChain.Link(sequence, id, event.withId(id), AuditChain.hex(new byte[32])));
        });
        return id;
    }

    @Override
    protected void movePurgeMarker(long sequence, String hash) {
        events.movePurgeMarker(sequence, hash);
    }

    @Override
    protected void deleteEvent(long sequence) {
        events.tamper(links -> links.remove(sequence));
    }

    @Override
    protected void rewindHead(long sequence, String hash) {
        events.rewind(sequence, hash);
    }
}
