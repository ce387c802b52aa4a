package dev.latchkey.adapter.in.http.common;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** How responses write values that JSON has no type for. */
public final class Views {

    private Views() {
    }

    /** RFC 3339 in UTC, e.g. {@code 2026-11-22T10:15:30.123456Z}. */
    public static String timestamp(Instant instant) {
        return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant);
    }
}
