package dev.latchkey.application.service.keys;

import dev.latchkey.application.port.in.keys.ScanKeyLifecycle;
import dev.latchkey.application.port.out.keys.KeyNotices;
import dev.latchkey.application.service.audit.ChangeAudit;
import dev.latchkey.application.service.store.StoreTime;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.webhook.WebhookEventType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tells receivers what time and use do to keys. Lead times split the future into bands: with 1, 7 and 30 days, a key
 * expiring within a day gets {@code key.expiring} for 1 day, within (1, 7] days for 7, within (7, 30] days for 30:
 * a key issued to expire in 5 days hears of 7 days and later of 1 day, never of 30 days at the same moment. A changed
 * expiry is told about again. {@code key.expired} is announced for keys that expired within {@code expiredLookback}
 * (older ones were expired before anyone listened), {@code key.usage_low} once a key's uses left drop below
 * {@code usageLowThreshold}, and again after a top-up to it or more. Each announcement and its notice commit
 * together.
 */
public final class LifecycleNotices implements ScanKeyLifecycle {

    /** The schedule: lead times, how far back expiries are announced, the uses-left threshold. */
    public record Settings(List<Duration> leadTimes, Duration expiredLookback, long usageLowThreshold) {
        public Settings {
            leadTimes = leadTimes.stream().distinct().sorted().toList();
            if (leadTimes.stream().anyMatch(lead -> lead.isNegative() || lead.isZero())) {
                throw new IllegalArgumentException("lead times must be positive");
            }
        }

        /** 30, 7 and 1 days ahead; expiries of the last day; fewer than 10 uses left. */
        public static final Settings DEFAULT = new Settings(
                List.of(Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(30)), Duration.ofDays(1), 10);
    }

    static final int BATCH = 500;
    static final String EXPIRED = "expired";
    static final String USAGE_LOW = "usage-low";

    private final KeyNotices notices;
    private final ChangeAudit audit;
    private final Settings settings;
    private final Clock clock;

    public LifecycleNotices(KeyNotices notices, ChangeAudit audit, Settings settings, Clock clock) {
        this.notices = notices;
        this.audit = audit;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public int runOnce() {
        Instant now = StoreTime.now(clock);
        int announced = 0;
        Duration bandStart = Duration.ZERO;
        for (Duration lead : settings.leadTimes()) {
            String kind = "expiring-" + describe(lead);
            for (ApiKey key : notices.expiringUnnoticed(now.plus(bandStart), now.plus(lead), kind, BATCH)) {
                Map<String, Object> data = details(key);
                data.put("expiresAt", key.expiresAt().toString());
                data.put("leadTime", describe(lead));
                announce(WebhookEventType.KEY_EXPIRING, key, kind, data, now);
                announced++;
            }
            bandStart = lead;
        }
        for (ApiKey key : notices.expiringUnnoticed(now.minus(settings.expiredLookback()), now, EXPIRED, BATCH)) {
            Map<String, Object> data = details(key);
            data.put("expiresAt", key.expiresAt().toString());
            announce(WebhookEventType.KEY_EXPIRED, key, EXPIRED, data, now);
            announced++;
        }
        notices.rearmTopUps(settings.usageLowThreshold(), USAGE_LOW);
        for (ApiKey key : notices.lowOnUsesUnnoticed(settings.usageLowThreshold(), USAGE_LOW, BATCH)) {
            Map<String, Object> data = details(key);
            data.put("remaining", key.remaining());
            data.put("threshold", settings.usageLowThreshold());
            announce(WebhookEventType.KEY_USAGE_LOW, key, USAGE_LOW, data, now);
            announced++;
        }
        return announced;
    }

    private void announce(WebhookEventType type, ApiKey key, String kind, Map<String, Object> data, Instant now) {
        audit.audited(() -> {
            notices.note(key.id(), kind, key.expiresAt(), now);
            audit.announce(type, key.id(), key.owner(), now, data);
            return null;
        });
    }

    private static Map<String, Object> details(ApiKey key) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("name", key.name());
        return data;
    }

    /** {@code 7d}, {@code 12h}, {@code 90m}, {@code 30s}: the lead time in its largest whole unit. */
    static String describe(Duration lead) {
        if (lead.toSeconds() % 86_400 == 0) {
            return lead.toDays() + "d";
        }
        if (lead.toSeconds() % 3_600 == 0) {
            return lead.toHours() + "h";
        }
        return lead.toSeconds() % 60 == 0 ? lead.toMinutes() + "m" : lead.toSeconds() + "s";
    }
}
