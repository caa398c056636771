package io.migd.binding.grpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.stub.StreamObserver;
import io.migd.connections.ConnectionRegistry;
import io.migd.envelope.Json;
import io.migd.events.Subscription;
import io.migd.grpc.v0_1.EventMessage;

/**
 * Writes one Subscribe call's events while the client is ready; when its buffer overflows the call ends with
 * MIG_BACKPRESSURE. No thread waits for events. A gap (cursor older than retention) has no EventMessage shape: the
 * replay simply starts at the oldest retained event.
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
            if (item.event() == null) {
                continue;
            }
            JsonNode json = Json.toTree(item.event().json(item.replay()));
            observer.onNext(ProtoJson.fromJson(json, EventMessage.newBuilder()).build());
        }
    }

    private synchronized void stop() {
        if (!ended) {
            ended = true;
            subscription.close();
            registration.close();
        }
    }
}
