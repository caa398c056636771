package io.migd.binding.nats;

import io.migd.envelope.MigErrorCode;
import io.migd.envelope.MigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.migd.binding.nats.NatsSubjects.Operation.CANCEL;
import static io.migd.binding.nats.NatsSubjects.Operation.DISCOVER;
import static io.migd.binding.nats.NatsSubjects.Operation.HEARTBEAT;
import static io.migd.binding.nats.NatsSubjects.Operation.HELLO;
import static io.migd.binding.nats.NatsSubjects.Operation.INVOKE;
import static io.migd.binding.nats.NatsSubjects.Operation.PUBLISH;
import static io.migd.binding.nats.NatsSubjects.Operation.STREAM_START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NatsSubjectsTest {

    @Test
    void parsesEverySubjectOfTheProfile() {
        assertEquals(new NatsSubjects.Parsed("acme", HELLO, null), NatsSubjects.parse("mig.v0_1.acme.hello"));
        assertEquals(new NatsSubjects.Parsed("acme", DISCOVER, null), NatsSubjects.parse("mig.v0_1.acme.discover"));
        assertEquals(new NatsSubjects.Parsed("acme", INVOKE, "observatory.models.infer"),
                NatsSubjects.parse("mig.v0_1.acme.invoke.observatory.models.infer"));
        assertEquals(new NatsSubjects.Parsed("acme", PUBLISH, "observatory.inference.completed"),
                NatsSubjects.parse("mig.v0_1.acme.events.observatory.inference.completed"));
        assertEquals(new NatsSubjects.Parsed("t-1", CANCEL, "msg.with.dots"),
                NatsSubjects.parse("mig.v0_1.t-1.control.cancel.msg.with.dots"));
        assertEquals(new NatsSubjects.Parsed("acme", HEARTBEAT, null),
                NatsSubjects.parse("mig.v0_1.acme.control.heartbeat"));
        assertEquals(new NatsSubjects.Parsed("acme", STREAM_START, "a.b"),
                NatsSubjects.parse("mig.v0_1.acme.stream.start.a.b"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "mig.v0_2.acme.hello", "mig.v0_1.acme", "mig.v0_1.*.hello", "mig.v0_1.>.hello",
            "mig.v0_1.ac$me.hello", "mig.v0_1.acme.hello.extra", "mig.v0_1.acme.invoke", "mig.v0_1.acme.invoke.*",
            "mig.v0_1.acme.invoke.a..b", "mig.v0_1.acme.events.nodots", "mig.v0_1.acme.events.a.>",
            "mig.v0_1.acme.control.cancel", "mig.v0_1.acme.control.pause", "mig.v0_1.acme.stream.s-1",
            "mig.v0_1.acme.teleport", "mig.v0_1._invalid.hello"})
    void refusesAnythingElse(String subject) {
        MigException e = assertThrows(MigException.class, () -> NatsSubjects.parse(subject));
        assertEquals(MigErrorCode.MIG_INVALID_REQUEST, e.code());
        assertEquals("subject", e.details().get("field"));
    }

    @Test
    void buildsTheSubjectsTheGatewayPublishesOn() {
        assertEquals("mig.v0_1.acme.events.a.b", NatsSubjects.events("acme", "a.b"));
        assertEquals("mig.v0_1.acme.stream.s-1", NatsSubjects.stream("acme", "s-1"));
        assertEquals("mig.v0_1.acme.dlq.events.a.b", NatsSubjects.deadLetter("mig.v0_1.acme.events.a.b"));
        assertEquals("mig.v0_1._invalid.dlq.events", NatsSubjects.deadLetter("mig.v0_1.acme.events.nodots"));
        assertEquals("mig.v0_1._invalid.dlq.events", NatsSubjects.deadLetter(null));
        assertEquals("acme", NatsSubjects.tenantOf("mig.v0_1.acme.events.a.b"));
        assertNull(NatsSubjects.tenantOf("garbage"));
    }
}
