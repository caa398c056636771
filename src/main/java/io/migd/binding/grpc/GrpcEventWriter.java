package io.migd.binding.grpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.stub.StreamObserver;
import io.migd.connections.ConnectionRegistry;
import io.migd.envelope.Json;
import io.migd.events.Subscription;
import io.migd.grpc.v0_1.EventGap;
import io.migd.grpc.v0_1.EventMessage;

/**
 * Writes one Subscribe call's events while the client is ready; when its buffer overflows the call ends with
 * MIG_BACKPRESSURE. No thread waits for events. A cursor older than what is retained gets a first message with only
 * {@code topic} and {@code gap} set, then the retained events.
 */
final class GrpcEventWriter {

    private final StreamObserver<Object> observer;
    private final GrpcCall call;
    private final Subscription subscription;
    private final ConnectionRegistry.Registration registration;
    private boolean ended;

    GrpcEventWriter(StreamObserver<Object> observer, GrpcCall call, Subscription subscription,
                    ConnectionRegistry.Registration registration) {
        this.observer = observer;
        this.call = call;
        this.subscription = subscription;
        this.registration = registration;
    }

    void start() {
        call.onReady(this::drain);
        call.onClose(this::stop);
        subscription.listen(this::drain);
    }

    private synchronized void drain() {
        while (!ended && call.isReady()) {
            if (subscription.failure() != null) {
                observer.onError(GrpcStatuses.toStatus(subscription.failure()));
                stop();
                return;
            }
            Subscription.Item item = subscription.poll();
            if (item == null) {
                return;
            }
            if (item.gap() != null) {
                observer.onNext(gapNotice(item.gap()));
                continue;
            }
            if (item.event() == null) {
                continue;
            }
            JsonNode json = Json.toTree(item.event().json(item.replay()));
            observer.onNext(ProtoJson.fromJson(json, EventMessage.newBuilder()).build());
        }
    }

    /** The events before the first retained one are gone: said once, first, as SSE's mig-gap frame says it. */
    private EventMessage gapNotice(Subscription.Gap gap) {
        return EventMessage.newBuilder().setTopic(subscription.topic())
                .setGap(EventGap.newBuilder().setRequestedCursor(gap.requestedCursor())
                        .setFirstAvailableSequence(gap.firstAvailableSequence()).setMissed(gap.missed()))
                .build();
    }

    private synchronized void stop() {
        if (!ended) {
            ended = true;
            subscription.close();
            registration.close();
        }
    }
}
