package dev.latchkey.application.service.audit;

import dev.latchkey.application.port.out.audit.AuditChainLinks;
import dev.latchkey.application.port.out.store.Leases;
import dev.latchkey.application.port.out.webhooks.WebhookOutbox;
import dev.latchkey.domain.audit.AuditChain;
import dev.latchkey.domain.audit.AuditCheckpoint;
import dev.latchkey.domain.webhook.WebhookEvent;
import dev.latchkey.domain.webhook.WebhookEventType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Signs the audit chain's head once per {@code interval} across all nodes and announces it as the webhook
 * {@code audit.checkpoint} (through the outbox), so that the head leaves the database. Once per interval: the lease
 * {@value #LEASE} is taken for the interval by a holder name new at every attempt, so it is taken only once it has
 * expired, by whichever node comes first.
 */
public final class AuditCheckpoints {

    /** The lease (a row of {@code leases}, V14) that makes one checkpoint an interval. */
    public static final String LEASE = "audit-checkpoint";

    private final AuditChainLinks chain;
    private final WebhookOutbox outbox;
    private final Leases leases;
    private final AuditCheckpoint.Signer signer;
    private final Duration interval;
    private final Clock clock;
    private final RandomGenerator random;

    public AuditCheckpoints(AuditChainLinks chain, WebhookOutbox outbox, Leases leases, AuditCheckpoint.Signer signer,
                            Duration interval, Clock clock, RandomGenerator random) {
        this.chain = chain;
        this.outbox = outbox;
        this.leases = leases;
        this.signer = signer;
        this.interval = interval;
        this.clock = clock;
        this.random = random;
    }

    /** The checkpoint of this interval, announced, when no node took it yet; empty otherwise. */
    public Optional<AuditCheckpoint> takeIfDue() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (!leases.hold(LEASE, "checkpoint/" + UUID.randomUUID(), now, interval)) {
            return Optional.empty();
        }
        return Optional.of(take(now));
    }

    /** Signs the head now and announces it. */
    AuditCheckpoint take(Instant now) {
        AuditChain.State state = chain.state();
        long headEventId = 0;
        if (state.headSequence() > 0) {
            List<AuditChain.Link> head = chain.links(state.headSequence(), 1);
            headEventId = head.isEmpty() ? 0 : head.get(0).eventId();
        }
        AuditCheckpoint checkpoint = AuditCheckpoint.sign(state.headSequence(), headEventId, state.headHash(), now,
                signer);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("sequence", checkpoint.sequence());
        data.put("headEventId", Long.toString(checkpoint.headEventId()));
        data.put("headHash", checkpoint.headHash());
        data.put("at", checkpoint.at().toString());
        data.put("algorithm", checkpoint.algorithm());
        data.put("signature", checkpoint.signature());
        outbox.append(WebhookEvent.of(WebhookEventType.AUDIT_CHECKPOINT, now, null, null, data, random));
        return checkpoint;
    }
}
