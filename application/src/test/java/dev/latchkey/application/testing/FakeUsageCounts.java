package dev.latchkey.application.testing;

import dev.latchkey.application.port.out.usage.UsageCounts;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.usage.Granularity;
import dev.latchkey.domain.usage.UsageBucket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Usage counts kept as every single verification, summed into buckets when asked. */
public final class FakeUsageCounts implements UsageCounts {

    private record Use(KeyId id, boolean valid, Instant at) {
    }

    private final List<Use> uses = new ArrayList<>();

    @Override
    public void count(KeyId id, boolean valid, Instant at) {
        uses.add(new Use(id, valid, at));
    }

    @Override
    public List<UsageBucket> find(KeyId id, Instant from, Instant to, Granularity granularity) {
        Map<Instant, UsageBucket> buckets = new TreeMap<>();
        uses.stream().filter(use -> use.id().equals(id)).forEach(use -> {
            Instant start = granularity.bucketOf(use.at());
            if (!start.isBefore(from) && start.isBefore(to)) {
                buckets.merge(start, new UsageBucket(start, use.valid() ? 1 : 0, use.valid() ? 0 : 1),
                        (sum, one) -> sum.plus(one.valid(), one.rejected()));
            }
        });
        return List.copyOf(buckets.values());
    }
}
