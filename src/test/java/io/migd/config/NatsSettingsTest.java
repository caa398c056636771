package io.migd.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NatsSettingsTest {

    private static NatsSettings load(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return MigdSettings.load(values::get).nats();
    }

    private static void assertRefused(String env, String... keyValues) {
        MigdConfigException e = assertThrows(MigdConfigException.class, () -> load(keyValues));
        assertTrue(e.getMessage().startsWith(env + " ("), e.getMessage());
    }

    @Test
    void withoutAUrlNothingRuns() {
        NatsSettings nats = load("migd.nats.jetstream", "true");
        assertFalse(nats.configured());
        assertFalse(nats.routesEnabled());
        assertFalse(nats.jetstreamEnabled());
    }

    @Test
    void theInvokeSubjectHasOneSubscriptionPerCpuUnlessToldOtherwise() {
        assertEquals(Math.max(1, Runtime.getRuntime().availableProcessors()),
                load("migd.nats.url", "nats://h:4222").invokeSubscriptions());
        assertEquals(3, load("migd.nats.url", "nats://h:4222", "migd.nats.worker-threads", "3").invokeSubscriptions());
        assertRefused("MIGD_NATS_WORKER_THREADS", "migd.nats.url", "nats://h:4222", "migd.nats.worker-threads", "-1");
    }

    @Test
    void theBindingNeedsAUrlAndTheSwitch() {
        assertTrue(load("migd.nats.url", "nats://localhost:4222").routesEnabled());
        NatsSettings mirrorOnly = load("migd.nats.url", "nats://localhost:4222", "migd.nats.binding-enabled", "false");
        assertTrue(mirrorOnly.configured());
        assertFalse(mirrorOnly.routesEnabled());
    }

    @Test
    void defaults() {
        NatsSettings nats = load("migd.nats.url", "nats://a:1, nats://b:2");
        assertEquals(2, nats.servers().length);
        assertEquals("MIG_EVENTS", nats.streamName());
        assertEquals("MIG_DLQ", nats.dlqStreamName());
        assertEquals(256, nats.maxAckPending());
        assertEquals(5, nats.maxDeliver());
        assertFalse(nats.tls());
        assertFalse(nats.toString().contains("secret"));
    }

    @Test
    void refusesWhatCannotWork(@TempDir Path dir) throws Exception {
        assertRefused("MIGD_NATS_URL", "migd.nats.url", "http://x:1");
        assertRefused("MIGD_NATS_JETSTREAM", "migd.nats.jetstream", "maybe");
        assertRefused("MIGD_NATS_STREAM", "migd.nats.stream", "mig.events");
        assertRefused("MIGD_NATS_DLQ_STREAM", "migd.nats.dlq-stream", "MIG_EVENTS");
        assertRefused("MIGD_NATS_MAX_ACK_PENDING", "migd.nats.max-ack-pending", "0");
        assertRefused("MIGD_NATS_PASSWORD", "migd.nats.user", "u");
        assertRefused("MIGD_NATS_USER", "migd.nats.password", "p");
        assertRefused("MIGD_NATS_TOKEN", "migd.nats.token", "t", "migd.nats.user", "u", "migd.nats.password", "p");
        assertRefused("MIGD_NATS_CREDS_FILE", "migd.nats.creds-file", dir.resolve("missing.creds").toString());
        assertRefused("MIGD_NATS_TLS_TRUSTSTORE", "migd.nats.tls-truststore", dir.resolve("none.p12").toString());
        Path store = Files.writeString(dir.resolve("trust.p12"), "x");
        assertTrue(load("migd.nats.tls-truststore", store.toString()).tls(), "a trust store means TLS");
    }
}
