package io.migd.outcome;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.migd.audit.AuditLog;
import io.migd.audit.AuditSink;
import io.migd.audit.AuditTrail;
import io.migd.auth.Credentials;
import io.migd.auth.Principal;
import io.migd.capability.CapabilityDescriptor;
import io.migd.capability.CapabilityRegistration;
import io.migd.envelope.MigCall;
import io.migd.envelope.MigErrorCode;
import io.migd.envelope.MigException;
import io.migd.envelope.MigHeader;
import io.migd.metrics.OperationMetrics;
import io.migd.usage.Quotas;
import io.migd.usage.UsageCounters;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordOutcomeProcessorTest {

    /** A sink whose writes complete only when the test says so. */
    private static final class HeldSink implements AuditSink {
        final CompletableFuture<Void> write = new CompletableFuture<>();

        @Override
        public CompletableFuture<Void> append(byte[] line) {
            return write;
        }

        @Override
        public void close() {
        }
    }

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final UsageCounters usage = new UsageCounters();
    private final AuditLog log = new AuditLog(100);

    private InvocationOutcomes outcomes(AuditSink sink) {
        return new InvocationOutcomes(new AuditTrail(log, sink, meters), usage, new InvocationMetrics(meters),
                new OperationMetrics(meters));
    }

    private static Exchange exchange(MigCall call, Exception failure) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(MigCall.PROPERTY, call);
        exchange.setException(failure);
        return exchange;
    }

    private static MigCall call(String messageId) {
        MigCall call = new MigCall("http", Credentials.NONE, null, "demo.cap", Map.of(), null);
        MigHeader header = MigHeader.generated();
        header.tenantId("acme");
        call.header(header);
        call.principal(Principal.anonymous("acme"));
        call.capability(new CapabilityRegistration(new CapabilityDescriptor("demo.cap", "1", List.of("unary"), null,
                null, List.of(), List.of(), null), null, CapabilityRegistration.FROM_ADMIN, null));
        return call;
    }

    @Test
    void theBindingAnswersOnlyOnceTheAuditRecordIsDurable() {
        HeldSink sink = new HeldSink();
        RecordOutcomeProcessor processor = new RecordOutcomeProcessor(outcomes(sink), Runnable::run, 10_000);
        AtomicBoolean answered = new AtomicBoolean();
        boolean sync = processor.process(exchange(call("m1"), null), doneSync -> answered.set(true));
        assertFalse(sync);
        assertFalse(answered.get(), "the route continued before the audit line was written");
        sink.write.complete(null);
        assertTrue(answered.get());
    }

    @Test
    void eachOutcomeIsRecordedOnceWithItsKindAndOnlySuccessesAreUsage() {
        InvocationOutcomes outcomes = outcomes(null);
        MigCall ok = call("ok");
        outcomes.record(ok, null);
        outcomes.record(ok, new MigException(MigErrorCode.MIG_INTERNAL, "late"));
        MigCall replay = call("replay");
        replay.replayed(true);
        outcomes.record(replay, null);
        outcomes.record(call("cancel"), new MigException(MigErrorCode.MIG_TIMEOUT, "cancelled",
                Map.of("cancelled", true)));
        outcomes.record(call("timeout"), new MigException(MigErrorCode.MIG_TIMEOUT, "late",
                Map.of("cancelled", false)));
        outcomes.record(call("bug"), new IllegalStateException("boom"));

        assertEquals(List.of("success", "replayed", "cancelled", "error:MIG_TIMEOUT", "error:MIG_INTERNAL"),
                log.export("acme").stream().map(r -> r.path("outcome").asText()).toList());
        assertEquals(1, usage.executions("acme"));
    }

    @Test
    void theQuotaReservationIsGivenBackWhateverTheOutcome() {
        Quotas quotas = new Quotas(usage);
        quotas.set("acme", 1);
        InvocationOutcomes outcomes = outcomes(null);
        MigCall failed = call("f");
        failed.quotaPermit(quotas.acquire("acme"));
        outcomes.record(failed, new MigException(MigErrorCode.MIG_UNAVAILABLE, "down"));
        MigCall succeeded = call("s");
        succeeded.quotaPermit(quotas.acquire("acme"));
        outcomes.record(succeeded, null);
        assertFalse(quotas.hasRoom("acme"));
    }

    @Test
    void aStreamHandedOffIsRecordedWhenItEndsNotWhenTheRouteReturns() {
        RecordOutcomeProcessor processor = new RecordOutcomeProcessor(outcomes(null), Runnable::run, 10_000);
        MigCall streaming = call("s");
        streaming.deferOutcome();
        assertTrue(processor.process(exchange(streaming, null), doneSync -> { }));
        assertEquals(0, log.export(null).size());
    }
}
