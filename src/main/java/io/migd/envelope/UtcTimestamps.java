package io.migd.envelope;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The current time as RFC 3339 UTC with milliseconds ({@code 2026-11-22T09:03:32.618Z}), for every envelope header.
 * The date-and-seconds part is formatted once per second; {@code Instant.toString()} costs more than the rest of a
 * small envelope's serialization.
 */
public final class UtcTimestamps {

    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private record Second(long epochSecond, String text) {
    }

    private static volatile Second current = new Second(Long.MIN_VALUE, "");

    private UtcTimestamps() {
    }

    public static String now() {
        return format(System.currentTimeMillis());
    }

    static String format(long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000);
        int millis = (int) Math.floorMod(epochMillis, 1000);
        Second cached = current;
        if (cached.epochSecond() != second) {
            cached = new Second(second, SECONDS.format(java.time.Instant.ofEpochSecond(second)));
            current = cached;
        }
        StringBuilder out = new StringBuilder(24).append(cached.text()).append('.');
        if (millis < 100) {
            out.append('0');
        }
        if (millis < 10) {
            out.append('0');
        }
        return out.append(millis).append('Z').toString();
    }
}
