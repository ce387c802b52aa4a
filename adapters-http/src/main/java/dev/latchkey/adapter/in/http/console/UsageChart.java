package dev.latchkey.adapter.in.http.console;

import dev.latchkey.domain.usage.Granularity;
import dev.latchkey.domain.usage.UsageBucket;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A key's usage as an inline SVG bar chart: one bar per bucket, valid calls at the bottom and rejected ones stacked on
 * them, every bucket present (an empty one is a gap), with the totals written out for those who do not see the bars.
 */
record UsageChart(List<Bar> bars, long maxPerBucket, long totalValid, long totalRejected, Granularity granularity,
                  Instant from) {

    /** How many buckets a chart shows: the last hour by minute, two days by hour, a month by day. */
    static final Map<Granularity, Integer> BUCKETS = Map.of(Granularity.MINUTE, 60, Granularity.HOUR, 48,
            Granularity.DAY, 30);
    static final int WIDTH = 600;
    static final int HEIGHT = 160;
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAYS = DateTimeFormatter.ofPattern("MM-dd").withZone(ZoneOffset.UTC);

    record Bar(Instant start, long valid, long rejected) {
    }

    static UsageChart of(List<UsageBucket> buckets, Instant from, Granularity granularity) {
        Map<Instant, UsageBucket> byStart = new HashMap<>();
        buckets.forEach(bucket -> byStart.put(bucket.start(), bucket));
        List<Bar> bars = new ArrayList<>();
        long max = 0;
        long valid = 0;
        long rejected = 0;
        int count = BUCKETS.get(granularity);
        for (int i = 0; i < count; i++) {
            Instant start = from.plus(granularity.length().multipliedBy(i));
            UsageBucket bucket = byStart.get(start);
            Bar bar = new Bar(start, bucket == null ? 0 : bucket.valid(), bucket == null ? 0 : bucket.rejected());
            bars.add(bar);
            max = Math.max(max, bar.valid() + bar.rejected());
            valid += bar.valid();
            rejected += bar.rejected();
        }
        return new UsageChart(bars, max, valid, rejected, granularity, from);
    }

    /** What the template draws: bar geometry in the SVG's own units, labels, totals. */
    Map<String, Object> model() {
        double slot = (double) WIDTH / bars.size();
        double barWidth = Math.max(1, slot * 0.8);
        List<Map<String, Object>> drawn = new ArrayList<>();
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            double validHeight = scaled(bar.valid());
            double rejectedHeight = scaled(bar.rejected());
            drawn.add(ConsolePages.model(
                    "x", round(i * slot + (slot - barWidth) / 2), "width", round(barWidth),
                    "validY", round(HEIGHT - validHeight), "validHeight", round(validHeight),
                    "rejectedY", round(HEIGHT - validHeight - rejectedHeight), "rejectedHeight", round(rejectedHeight),
                    "valid", bar.valid(), "rejected", bar.rejected(), "label", label(bar.start())));
        }
        return ConsolePages.model("bars", drawn, "width", WIDTH, "height", HEIGHT, "max", maxPerBucket,
                "totalValid", totalValid, "totalRejected", totalRejected,
                "first", label(from), "last", label(bars.get(bars.size() - 1).start()),
                "span", switch (granularity) {
                    case MINUTE -> "the last hour, by minute";
                    case HOUR -> "the last 48 hours, by hour";
                    case DAY -> "the last 30 days, by day";
                });
    }

    private double scaled(long calls) {
        return maxPerBucket == 0 ? 0 : (double) calls * HEIGHT / maxPerBucket;
    }

    private String label(Instant start) {
        return (granularity == Granularity.DAY ? DAYS : MINUTES).format(start) + " UTC";
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
