package io.migd.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migd.capability.CapabilityDescriptor;
import io.migd.capability.CapabilityRegistration;
import io.migd.capability.SchemaRegistry;
import io.migd.envelope.MigCall;
import io.migd.envelope.MigErrorCode;
import io.migd.envelope.MigException;
import io.migd.invoke.DeadlineTimers;
import io.migd.invoke.InFlight;
import io.migd.invoke.InFlightRegistry;
import io.migd.invoke.ProviderFailures;
import io.migd.invoke.ProviderRequest;
import io.migd.outcome.InvocationOutcomes;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Starts an invocation whose answer is a stream of frames on the call's {@link StreamSession}, and returns at once:
 * no thread waits for the provider. A capability that offers server_stream streams (unless the request asks for
 * unary); otherwise one final frame answers. The deadline bounds the whole stream; CANCEL and a closing connection
 * end it with an error frame.
 */
public final class StreamInvokeProcessor implements Processor {

    private final InFlightRegistry inFlight;
    private final DeadlineTimers deadlines;
    private final SchemaRegistry schemas;
    private final long defaultDeadlineMs;
    private final InvocationOutcomes outcomes;
    private final int maxStreamsPerConnection;

    /**
     * @param maxStreamsPerConnection streams one connection may have in flight: one client cannot take every
     *                                in-flight slot of the gateway (MIGD_MAX_STREAMS_PER_CONNECTION)
     */
    public StreamInvokeProcessor(InFlightRegistry inFlight, DeadlineTimers deadlines, SchemaRegistry schemas,
                                 long defaultDeadlineMs, InvocationOutcomes outcomes, int maxStreamsPerConnection) {
        this.inFlight = inFlight;
        this.deadlines = deadlines;
        this.schemas = schemas;
        this.defaultDeadlineMs = defaultDeadlineMs;
        this.outcomes = outcomes;
        this.maxStreamsPerConnection = maxStreamsPerConnection;
    }

    @Override
    public void process(Exchange exchange) {
        MigCall call = MigCall.of(exchange);
        StreamSession session = call.streamSession();
        if (session == null) {
            throw new IllegalStateException("a streaming invocation needs a stream session from its binding");
        }
        CapabilityRegistration capability = call.capability();
        String id = capability.id();
        if (capability.provider() == null) {
            throw new MigException(MigErrorCode.MIG_UNAVAILABLE, "no provider bound to capability " + id,
                    Map.of("capability", id));
        }
        long remaining = call.remainingMillis(defaultDeadlineMs);
        if (remaining <= 0) {
            throw new MigException(MigErrorCode.MIG_TIMEOUT, "deadline passed", Map.of("cancelled", false));
        }
        String messageId = call.header().messageId();
        if (call.streamId() == null) {
            // a transport without stream frames (SSE invoke, NATS) may name the stream in the request
            String requested = call.requestText("stream_id");
            call.streamId(requested != null ? io.migd.envelope.Identifiers.requireMessageId(requested, "stream_id")
                    : "stream-" + messageId);
        }
        String streamId = call.streamId();
        if (session.activeCount() >= maxStreamsPerConnection) {
            throw new MigException(MigErrorCode.MIG_BACKPRESSURE, "too many streams in flight on this connection",
                    Map.of("max_streams_per_connection", maxStreamsPerConnection));
        }
        if (!session.open(streamId, messageId)) {
            throw MigException.invalidField("stream_id", "stream " + streamId + " is already open on this connection");
        }
        StreamEmitter emitter = new StreamEmitter(call, session, streamId, id);
        // from here on the stream decides the outcome; it is recorded before the terminal frame goes out
        call.deferOutcome();
        emitter.beforeTerminal(error -> outcomes.record(call, error));
        InFlight flight;
        try {
            flight = inFlight.begin(call.tenant(), messageId, emitter::fail);
        } catch (RuntimeException e) {
            session.close(streamId);
            throw e;
        }
        boolean streaming = capability.descriptor().offers(CapabilityDescriptor.SERVER_STREAM)
                && !"unary".equals(call.requestText("stream_preference"));
        AtomicReference<CompletableFuture<JsonNode>> work = new AtomicReference<>();
        AtomicReference<ScheduledFuture<?>> timer = new AtomicReference<>();
        emitter.onFinish(() -> {
            ScheduledFuture<?> t = timer.get();
            if (t != null) {
                t.cancel(false);
            }
            inFlight.end(flight);
            session.close(streamId);
            CompletableFuture<JsonNode> running = work.get();
            if (running != null && !running.isDone()) {
                running.cancel(true);
            }
        });
        timer.set(deadlines.schedule(() -> emitter.fail(new MigException(MigErrorCode.MIG_TIMEOUT,
                "deadline passed while streaming", Map.of("cancelled", false))), remaining));
        ProviderRequest request = new ProviderRequest(id, call.payload(), call.header(), call.principal().subject(),
                remaining);
        CompletableFuture<JsonNode> running;
        try {
            running = streaming ? capability.provider().invokeStream(request, emitter)
                    : capability.provider().invoke(request);
        } catch (RuntimeException e) {
            emitter.fail(ProviderFailures.toMig(e, id));
            return;
        }
        work.set(running);
        running.whenComplete((value, failure) -> {
            if (failure != null) {
                emitter.fail(ProviderFailures.toMig(failure, id));
            } else if (value == null || !value.isObject()) {
                emitter.fail(new MigException(MigErrorCode.MIG_INTERNAL, "provider of " + id
                        + " returned no JSON object", Map.of("capability", id)));
            } else if (!streaming && schemas.violations(capability.descriptor().outputSchemaUri(), value).isPresent()) {
                emitter.fail(new MigException(MigErrorCode.MIG_INTERNAL, "provider output does not match "
                        + capability.descriptor().outputSchemaUri(), Map.of("capability", id)));
            } else {
                emitter.complete((ObjectNode) value);
            }
        });
        if (emitter.isFinished()) {
            running.cancel(true);
        }
    }
}
