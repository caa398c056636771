package io.migd.envelope;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UtcTimestampsTest {

    @Test
    void formatsLikeIsoInstantWithMillisecondsAlwaysPresent() {
        assertEquals("2026-11-22T09:03:32.618Z", UtcTimestamps.format(Instant.parse("2026-11-22T09:03:32.618Z")
                .toEpochMilli()));
        assertEquals("2026-11-22T09:03:32.000Z", UtcTimestamps.format(Instant.parse("2026-11-22T09:03:32Z")
                .toEpochMilli()));
        assertEquals("1970-01-01T00:00:00.007Z", UtcTimestamps.format(7));
        assertEquals("1969-12-31T23:59:59.999Z", UtcTimestamps.format(-1));
    }

    @Test
    void agreesWithTheJdkFormatterAcrossSecondsAndYears() {
        DateTimeFormatter iso = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
                .withZone(java.time.ZoneOffset.UTC);
        for (int i = 0; i < 10_000; i++) {
            long millis = ThreadLocalRandom.current().nextLong(0, 253_402_300_799_000L);
            assertEquals(iso.format(Instant.ofEpochMilli(millis)), UtcTimestamps.format(millis));
        }
    }

    @Test
    void nowParsesBackAsAnInstant() {
        Instant before = Instant.now().minusMillis(1);
        Instant parsed = Instant.parse(UtcTimestamps.now());
        assertEquals(true, !parsed.isBefore(before.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)));
    }
}
