package dev.latchkey.adapter.out.accounting;

import dev.latchkey.adapter.out.persistence.VerificationSummaryStore;
import dev.latchkey.application.port.in.alerts.NoticeNewNetworks;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.verification.VerificationEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * New-network alerts fed from the verification summaries, off the request path: each flush's valid summaries (a key,
 * a client address, a first and a last time) are merged into a bounded map of pending uses, which a thread of its own
 * hands to {@link NoticeNewNetworks} every {@code interval} (and uses the store could not take are kept for the next
 * round). Past {@code maxPending} pending uses, new ones are dropped and counted in
 * {@code latchkey.alerts.pending.dropped}; a dropped use is seen again with the key's next flushed use.
 */
public final class NewNetworkWatch implements SummarisedVerificationEvents.Written, AutoCloseable {

    /** How often pending uses are decided; how many may wait; how often remembered networks are purged. */
    public record Settings(Duration interval, int maxPending, Duration purgeEvery) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(NewNetworkWatch.class);

    private record Pending(KeyId keyId, String clientIp) {
    }

    private final NoticeNewNetworks alerts;
    private final Settings settings;
    private final ConcurrentHashMap<Pending, NoticeNewNetworks.KeyUses> pending = new ConcurrentHashMap<>();
    private final BackgroundWriter thread;
    private final Counter announced;
    private final Counter dropped;
    private final OccasionalWarning storeWarning = new OccasionalWarning(LOG, Duration.ofMinutes(1));

    public NewNetworkWatch(NoticeNewNetworks alerts, Settings settings, MeterRegistry registry) {
        this.alerts = alerts;
        this.settings = settings;
        this.announced = Counter.builder("latchkey.alerts.new.network")
                .description("key.new_network alerts this node announced (a key's limit notice included)")
                .register(registry);
        this.dropped = Counter.builder("latchkey.alerts.pending.dropped")
                .description("Valid uses not looked at for new networks because too many were pending")
                .register(registry);
        this.thread = new BackgroundWriter("latchkey-new-networks");
    }

    public void start() {
        thread.repeat(this::decideQuietly, settings.interval());
        thread.repeat(this::purgeQuietly, settings.purgeEvery());
    }

    @Override
    public void written(Map<VerificationSummaryStore.Key, VerificationSummaryStore.Delta> summaries) {
        summaries.forEach((key, delta) -> {
            if (key.keyId() == null || key.clientIp() == null || !VerificationEvent.VALID.equals(key.outcome())) {
                return;
            }
            Pending at = new Pending(key.keyId(), key.clientIp());
            if (!pending.containsKey(at) && pending.size() >= settings.maxPending()) {
                dropped.increment();
                return;
            }
            pending.merge(at, new NoticeNewNetworks.KeyUses(key.keyId(), delta.userId(), key.clientIp(),
                    delta.firstAt(), delta.lastAt()), NewNetworkWatch::both);
        });
    }

    /** Decides every pending use now (on the caller's thread); returns how many alerts that announced. */
    public int decide() {
        List<NoticeNewNetworks.KeyUses> uses = new ArrayList<>(pending.size());
        for (Pending at : List.copyOf(pending.keySet())) {
            NoticeNewNetworks.KeyUses use = pending.remove(at);
            if (use != null) {
                uses.add(use);
            }
        }
        if (uses.isEmpty()) {
            return 0;
        }
        NoticeNewNetworks.Outcome outcome = alerts.notice(uses);
        announced.increment(outcome.alerts());
        for (NoticeNewNetworks.KeyUses use : outcome.undecided()) {
            pending.merge(new Pending(use.keyId(), use.clientIp()), use, NewNetworkWatch::both);
        }
        if (!outcome.undecided().isEmpty()) {
            storeWarning.warn("alerts: the store could not take {} sightings of keys' networks; they are retried",
                    outcome.undecided().size());
        }
        return outcome.alerts();
    }

    private void decideQuietly() {
        try {
            decide();
        } catch (RuntimeException e) {
            storeWarning.warn("alerts: new networks could not be decided ({}); retried", e.getClass().getName());
        }
    }

    private void purgeQuietly() {
        try {
            alerts.purge();
        } catch (RuntimeException e) {
            storeWarning.warn("alerts: remembered networks could not be purged ({}); retried",
                    e.getClass().getName());
        }
    }

    private static NoticeNewNetworks.KeyUses both(NoticeNewNetworks.KeyUses a, NoticeNewNetworks.KeyUses b) {
        return new NoticeNewNetworks.KeyUses(a.keyId(), a.userId() != null ? a.userId() : b.userId(), a.clientIp(),
                a.firstAt().isBefore(b.firstAt()) ? a.firstAt() : b.firstAt(),
                a.lastAt().isAfter(b.lastAt()) ? a.lastAt() : b.lastAt());
    }

    /** Stops the thread and decides what is pending (the summaries were closed first). */
    @Override
    public void close() {
        thread.stop(Duration.ofSeconds(10));
        decideQuietly();
    }
}
