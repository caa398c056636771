package io.migd;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.migd.grpc.v0_1.BindingType;
import io.migd.grpc.v0_1.CancelRequest;
import io.migd.grpc.v0_1.ControlGrpc;
import io.migd.grpc.v0_1.DiscoverRequest;
import io.migd.grpc.v0_1.DiscoverResponse;
import io.migd.grpc.v0_1.DiscoveryGrpc;
import io.migd.grpc.v0_1.EventMessage;
import io.migd.grpc.v0_1.EventsGrpc;
import io.migd.grpc.v0_1.FrameKind;
import io.migd.grpc.v0_1.HeartbeatRequest;
import io.migd.grpc.v0_1.HelloRequest;
import io.migd.grpc.v0_1.HelloResponse;
import io.migd.grpc.v0_1.InvocationGrpc;
import io.migd.grpc.v0_1.InvocationMode;
import io.migd.grpc.v0_1.InvokeRequest;
import io.migd.grpc.v0_1.InvokeResponse;
import io.migd.grpc.v0_1.MessageHeader;
import io.migd.grpc.v0_1.MigErrorCode;
import io.migd.grpc.v0_1.PublishAck;
import io.migd.grpc.v0_1.PublishRequest;
import io.migd.grpc.v0_1.StreamFrame;
import io.migd.grpc.v0_1.SubscribeRequest;
import io.migd.support.Gateway;
import io.migd.support.MigClient.Reply;
import io.migd.support.TestUpstream;
import io.migd.support.Tokens;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** mig-spec §7 with a real grpc-java client against a started gateway. */
class GrpcBindingIT {

    static final int GRPC_PORT = AvailablePortFinder.getNextAvailable();
    static Gateway gateway = new Gateway().with("migd.grpc.addr", "127.0.0.1:" + GRPC_PORT);
    static TestUpstream upstream;
    static ManagedChannel channel;

    @BeforeAll
    static void start() throws Exception {
        gateway.start();
        upstream = new TestUpstream().slow("/slow", 3000, "{\"late\":true}")
                .ticker("/ticker", 100, 50, false);
        for (String path : new String[] {"slow", "ticker"}) {
            Reply reply = gateway.client().post("/admin/v0.1/capabilities", "{\"descriptor\":{\"id\":\"grpc." + path
                    + "\",\"version\":\"1\",\"modes\":[\"unary\",\"server_stream\"]},\"endpoint\":\""
                    + upstream.url("/" + path) + "\"}");
            assertEquals(201, reply.status(), reply.rawBody());
        }
        channel = NettyChannelBuilder.forAddress("127.0.0.1", GRPC_PORT).usePlaintext().build();
    }

    @AfterAll
    static void stop() throws Exception {
        channel.shutdownNow();
        upstream.close();
        gateway.stop();
    }

    static Metadata tenant(String tenant) {
        Metadata metadata = new Metadata();
        metadata.put(Metadata.Key.of("x-tenant-id", Metadata.ASCII_STRING_MARSHALLER), tenant);
        return metadata;
    }

    static <T extends io.grpc.stub.AbstractStub<T>> T as(T stub, String tenant) {
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(tenant(tenant)));
    }

    static Struct struct(String key, String value) {
        return Struct.newBuilder().putFields(key, Value.newBuilder().setStringValue(value).build()).build();
    }

    @Test
    void helloAndDiscover() {
        var discovery = as(DiscoveryGrpc.newBlockingStub(channel), "acme");
        HelloResponse hello = discovery.hello(HelloRequest.newBuilder().addSupportedVersions("0.1")
                .addRequestedBindings(BindingType.BINDING_TYPE_GRPC).build());
        assertEquals("0.1", hello.getSelectedVersion());
        assertEquals(BindingType.BINDING_TYPE_GRPC, hello.getSelectedBinding());
        assertEquals("acme", hello.getHeader().getTenantId());
        assertTrue(hello.getHeader().hasTimestamp());

        DiscoverResponse discover = discovery.discover(DiscoverRequest.newBuilder().setQuery("observatory").build());
        assertEquals(1, discover.getCapabilitiesCount());
        var demo = discover.getCapabilities(0);
        assertEquals("observatory.models.infer", demo.getId());
        assertEquals(List.of(InvocationMode.INVOCATION_MODE_UNARY, InvocationMode.INVOCATION_MODE_SERVER_STREAM),
                demo.getModesList());
        assertEquals(1048576, demo.getQos().getMaxPayloadBytes());
    }

    @Test
    void invokeAndHeartbeat() {
        InvokeResponse response = as(InvocationGrpc.newBlockingStub(channel), "acme").invoke(InvokeRequest.newBuilder()
                .setHeader(MessageHeader.newBuilder().setMessageId("g-1"))
                .setCapability("observatory.models.infer").setPayload(struct("input", "over grpc")).build());
        assertEquals("inferred: over grpc", response.getPayload().getFieldsOrThrow("result").getStringValue());
        assertEquals("g-1", response.getHeader().getMessageId());
        var ack = as(ControlGrpc.newBlockingStub(channel), "acme").heartbeat(HeartbeatRequest.newBuilder()
                .setIntervalMs(2000).build());
        assertEquals(2000, ack.getSuggestedIntervalMs());
        assertTrue(ack.getLoadFactor() >= 0.0 && ack.getLoadFactor() <= 1.0);
    }

    @Test
    void errorsCarryStatusMessageAndTrailer() {
        StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class, () ->
                as(InvocationGrpc.newBlockingStub(channel), "acme").invoke(InvokeRequest.newBuilder()
                        .setCapability("no.such").build()));
        assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
        assertTrue(unknown.getStatus().getDescription().startsWith("MIG_UNSUPPORTED_CAPABILITY: "),
                unknown.getStatus().getDescription());
        assertEquals("MIG_UNSUPPORTED_CAPABILITY", unknown.getTrailers().get(
                Metadata.Key.of("mig-error-code", Metadata.ASCII_STRING_MARSHALLER)));

        StatusRuntimeException invalid = assertThrows(StatusRuntimeException.class, () ->
                as(InvocationGrpc.newBlockingStub(channel), "acme").invoke(InvokeRequest.newBuilder()
                        .setCapability("observatory.models.infer").setPayload(struct("wrong", "x")).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, invalid.getStatus().getCode());

        StatusRuntimeException version = assertThrows(StatusRuntimeException.class, () ->
                as(DiscoveryGrpc.newBlockingStub(channel), "acme").hello(HelloRequest.newBuilder()
                        .addSupportedVersions("9.9").build()));
        assertEquals(Status.Code.FAILED_PRECONDITION, version.getStatus().getCode());

        StatusRuntimeException noTenant = assertThrows(StatusRuntimeException.class, () ->
                DiscoveryGrpc.newBlockingStub(channel).hello(HelloRequest.getDefaultInstance()));
        assertEquals(Status.Code.INVALID_ARGUMENT, noTenant.getStatus().getCode());
        StatusRuntimeException mismatch = assertThrows(StatusRuntimeException.class, () ->
                as(DiscoveryGrpc.newBlockingStub(channel), "acme").hello(HelloRequest.newBuilder()
                        .setHeader(MessageHeader.newBuilder().setTenantId("globex")).build()));
        assertEquals(Status.Code.PERMISSION_DENIED, mismatch.getStatus().getCode());
    }

    @Test
    void aShorterGrpcDeadlineWins() throws Exception {
        StatusRuntimeException late = assertThrows(StatusRuntimeException.class, () ->
                as(InvocationGrpc.newBlockingStub(channel), "acme").withDeadlineAfter(300, TimeUnit.MILLISECONDS)
                        .invoke(InvokeRequest.newBuilder().setHeader(MessageHeader.newBuilder().setDeadlineMs(30000))
                                .setCapability("grpc.slow").build()));
        assertEquals(Status.Code.DEADLINE_EXCEEDED, late.getStatus().getCode());
        assertTrue(upstream.awaitAbandoned("/slow", 2000), "the gateway kept waiting on the upstream");
    }

    @Test
    void cancelAnInFlightInvoke() throws Exception {
        // the deadline test calls the same upstream: only a call made by this test means the invocation is in flight
        int callsBefore = upstream.calls("/slow");
        CompletableFuture<StatusRuntimeException> failed = CompletableFuture.supplyAsync(() -> assertThrows(
                StatusRuntimeException.class, () -> as(InvocationGrpc.newBlockingStub(channel), "acme").invoke(
                        InvokeRequest.newBuilder().setHeader(MessageHeader.newBuilder().setMessageId("g-cancel"))
                                .setCapability("grpc.slow").build())));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        var control = as(ControlGrpc.newBlockingStub(channel), "acme");
        String status = "not_found";
        while (!status.equals("cancelled") && System.nanoTime() < until) {
            if (upstream.calls("/slow") > callsBefore) {
                status = control.cancel(CancelRequest.newBuilder().setTargetMessageId("g-cancel")
                        .setReason("stop").build()).getStatus();
            }
            Thread.sleep(20);
        }
        assertEquals("cancelled", status);
        StatusRuntimeException error = failed.get(3, TimeUnit.SECONDS);
        assertEquals(Status.Code.DEADLINE_EXCEEDED, error.getStatus().getCode());
        assertTrue(error.getStatus().getDescription().startsWith("MIG_TIMEOUT: "));
    }

    @Test
    void streamInvokeRunsConcurrentStreamsAndCancels() throws Exception {
        BlockingQueue<StreamFrame> frames = new LinkedBlockingQueue<>();
        CountDownLatch completed = new CountDownLatch(1);
        StreamObserver<StreamFrame> requests = as(InvocationGrpc.newStub(channel), "acme").streamInvoke(
                new StreamObserver<>() {
                    public void onNext(StreamFrame frame) {
                        frames.add(frame);
                    }

                    public void onError(Throwable t) {
                        completed.countDown();
                    }

                    public void onCompleted() {
                        completed.countDown();
                    }
                });
        requests.onNext(StreamFrame.newBuilder().setStreamId("a").setKind(FrameKind.FRAME_KIND_REQUEST)
                .setCapability("grpc.ticker").build());
        requests.onNext(StreamFrame.newBuilder().setStreamId("b").setKind(FrameKind.FRAME_KIND_REQUEST)
                .setCapability("observatory.models.infer").setPayload(struct("input", "x y")).build());
        List<StreamFrame> seen = new ArrayList<>();
        boolean bEnded = false;
        int aTicks = 0;
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while ((!bEnded || aTicks < 2) && System.nanoTime() < until) {
            StreamFrame frame = frames.poll(1, TimeUnit.SECONDS);
            if (frame == null) {
                continue;
            }
            seen.add(frame);
            if (frame.getStreamId().equals("b") && frame.getEndStream()) {
                bEnded = true;
                assertEquals("inferred: x y", frame.getPayload().getFieldsOrThrow("result").getStringValue());
            }
            if (frame.getStreamId().equals("a")) {
                aTicks++;
            }
        }
        assertTrue(bEnded && aTicks >= 2, "both streams ran at once: " + seen);
        assertConnection("stream_invoke");
        requests.onNext(StreamFrame.newBuilder().setStreamId("a").setKind(FrameKind.FRAME_KIND_CONTROL)
                .setPayload(struct("action", "cancel")).build());
        StreamFrame terminal = null;
        boolean controlAnswered = false;
        until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while ((terminal == null || !controlAnswered) && System.nanoTime() < until) {
            StreamFrame frame = frames.poll(1, TimeUnit.SECONDS);
            if (frame == null) {
                continue;
            }
            if (frame.getKind() == FrameKind.FRAME_KIND_CONTROL) {
                controlAnswered = true;
                assertEquals("cancelled", frame.getPayload().getFieldsOrThrow("status").getStringValue());
            }
            if (frame.getKind() == FrameKind.FRAME_KIND_ERROR) {
                terminal = frame;
            }
        }
        assertNotNull(terminal, "the cancelled stream ends with an error frame");
        assertTrue(terminal.getEndStream());
        assertEquals(MigErrorCode.MIG_TIMEOUT, terminal.getError().getCode());
        assertTrue(terminal.getError().getDetails().getFieldsOrThrow("cancelled").getBoolValue());
        assertTrue(controlAnswered);
        requests.onCompleted();
        assertTrue(completed.await(5, TimeUnit.SECONDS), "the call completes once the client is done");
    }

    @Test
    void subscribeReceivesAnEventPublishedOverHttp() throws Exception {
        BlockingQueue<EventMessage> events = new LinkedBlockingQueue<>();
        io.grpc.Context.CancellableContext context = io.grpc.Context.current().withCancellation();
        context.run(() -> as(EventsGrpc.newStub(channel), "acme").subscribe(SubscribeRequest.newBuilder()
                .setTopic("grpc.events").build(), new StreamObserver<>() {
                    public void onNext(EventMessage event) {
                        events.add(event);
                    }

                    public void onError(Throwable t) {
                    }

                    public void onCompleted() {
                    }
                }));
        try {
            assertConnection("event_subscribe");
            Reply published = gateway.client().post("/mig/v0.1/publish/grpc.events", "{\"payload\":{\"n\":1}}",
                    "X-Tenant-ID", "acme");
            assertEquals(200, published.status());
            EventMessage event = events.poll(5, TimeUnit.SECONDS);
            assertNotNull(event);
            assertEquals(1, event.getSequence());
            assertEquals(1.0, event.getPayload().getFieldsOrThrow("n").getNumberValue());
            assertFalse(event.getReplay());
            PublishAck ack = as(EventsGrpc.newBlockingStub(channel), "acme").publish(PublishRequest.newBuilder()
                    .setTopic("grpc.events").setPayload(struct("via", "grpc")).build());
            assertEquals(2, ack.getSequence());
            assertTrue(ack.getAccepted());
            assertEquals("grpc", events.poll(5, TimeUnit.SECONDS).getPayload().getFieldsOrThrow("via")
                    .getStringValue());
        } finally {
            context.cancel(null);
        }
        Iterator<EventMessage> replay = as(EventsGrpc.newBlockingStub(channel), "acme")
                .withDeadlineAfter(2, TimeUnit.SECONDS)
                .subscribe(SubscribeRequest.newBuilder().setTopic("grpc.events").setResumeCursor("1").build());
        EventMessage second = replay.next();
        assertEquals(2, second.getSequence());
        assertTrue(second.getReplay());
    }

    @Test
    void reflectionListsTheFourServicesAndHealthIsServing() throws Exception {
        Set<String> services = new TreeSet<>();
        CountDownLatch done = new CountDownLatch(1);
        StreamObserver<ServerReflectionRequest> reflection = ServerReflectionGrpc.newStub(channel)
                .serverReflectionInfo(new StreamObserver<>() {
                    public void onNext(ServerReflectionResponse response) {
                        response.getListServicesResponse().getServiceList().forEach(s -> services.add(s.getName()));
                    }

                    public void onError(Throwable t) {
                        done.countDown();
                    }

                    public void onCompleted() {
                        done.countDown();
                    }
                });
        reflection.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        reflection.onCompleted();
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertTrue(services.containsAll(List.of("mig.v0_1.Discovery", "mig.v0_1.Invocation", "mig.v0_1.Events",
                "mig.v0_1.Control")), services.toString());
        assertEquals(HealthCheckResponse.ServingStatus.SERVING, HealthGrpc.newBlockingStub(channel)
                .check(HealthCheckRequest.newBuilder().setService("").build()).getStatus());
        assertEquals(HealthCheckResponse.ServingStatus.SERVING, HealthGrpc.newBlockingStub(channel)
                .check(HealthCheckRequest.newBuilder().setService("mig.v0_1.Invocation").build()).getStatus());
    }

    @Test
    void aCursorOlderThanTheRetainedEventsGetsAGapNoticeFirst() throws Exception {
        int port = AvailablePortFinder.getNextAvailable();
        Gateway small = new Gateway().with("migd.grpc.addr", "127.0.0.1:" + port)
                .with("migd.events.retain-count", "3");
        small.start();
        ManagedChannel smallChannel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            for (int n = 1; n <= 5; n++) {
                assertEquals(200, small.client().post("/mig/v0.1/publish/grpc.gap", "{\"payload\":{\"n\":" + n + "}}",
                        "X-Tenant-ID", "acme").status());
            }
            Iterator<EventMessage> stream = as(EventsGrpc.newBlockingStub(smallChannel), "acme")
                    .withDeadlineAfter(3, TimeUnit.SECONDS)
                    .subscribe(SubscribeRequest.newBuilder().setTopic("grpc.gap").setResumeCursor("0").build());
            EventMessage first = stream.next();
            assertTrue(first.hasGap(), "the first message says events are gone: " + first);
            assertEquals("grpc.gap", first.getTopic());
            assertEquals(0, first.getGap().getRequestedCursor());
            assertEquals(3, first.getGap().getFirstAvailableSequence());
            assertEquals(2, first.getGap().getMissed());
            for (long sequence = 3; sequence <= 5; sequence++) {
                EventMessage retained = stream.next();
                assertFalse(retained.hasGap(), retained.toString());
                assertEquals(sequence, retained.getSequence());
                assertTrue(retained.getReplay());
            }
            // a cursor inside the window: no notice, the next retained event first
            EventMessage inWindow = as(EventsGrpc.newBlockingStub(smallChannel), "acme")
                    .withDeadlineAfter(3, TimeUnit.SECONDS)
                    .subscribe(SubscribeRequest.newBuilder().setTopic("grpc.gap").setResumeCursor("3").build())
                    .next();
            assertFalse(inWindow.hasGap(), inWindow.toString());
            assertEquals(4, inWindow.getSequence());
        } finally {
            smallChannel.shutdownNow();
            small.stop();
        }
    }

    @Test
    void jwtMetadataIsTheCredential() throws Exception {
        int port = AvailablePortFinder.getNextAvailable();
        Gateway jwt = new Gateway().with("migd.grpc.addr", "127.0.0.1:" + port).with("migd.auth.mode", "jwt")
                .with("migd.auth.jwt-hs256-secret", Tokens.SECRET);
        jwt.start();
        ManagedChannel jwtChannel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            StatusRuntimeException anonymous = assertThrows(StatusRuntimeException.class, () ->
                    DiscoveryGrpc.newBlockingStub(jwtChannel).hello(HelloRequest.getDefaultInstance()));
            assertEquals(Status.Code.UNAUTHENTICATED, anonymous.getStatus().getCode());
            Metadata metadata = new Metadata();
            metadata.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                    Tokens.bearer(Tokens.valid("alice", "acme")));
            HelloResponse hello = DiscoveryGrpc.newBlockingStub(jwtChannel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
                    .hello(HelloRequest.getDefaultInstance());
            assertEquals("acme", hello.getHeader().getTenantId());
            metadata.put(Metadata.Key.of("x-tenant-id", Metadata.ASCII_STRING_MARSHALLER), "globex");
            StatusRuntimeException mismatch = assertThrows(StatusRuntimeException.class, () ->
                    DiscoveryGrpc.newBlockingStub(jwtChannel)
                            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
                            .hello(HelloRequest.getDefaultInstance()));
            assertEquals(Status.Code.PERMISSION_DENIED, mismatch.getStatus().getCode());
        } finally {
            jwtChannel.shutdownNow();
            jwt.stop();
        }
    }

    private static void assertConnection(String kind) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < until) {
            Reply reply = gateway.client().get("/admin/v0.1/connections?protocol=grpc&kind=" + kind);
            if (reply.body().path("summary").path("total").asInt() >= 1) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no " + kind + " connection listed");
    }
}
