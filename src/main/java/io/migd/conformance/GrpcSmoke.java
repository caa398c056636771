package io.migd.conformance;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.migd.grpc.v0_1.BindingType;
import io.migd.grpc.v0_1.CancelRequest;
import io.migd.grpc.v0_1.ControlGrpc;
import io.migd.grpc.v0_1.DiscoverRequest;
import io.migd.grpc.v0_1.DiscoveryGrpc;
import io.migd.grpc.v0_1.EventMessage;
import io.migd.grpc.v0_1.EventsGrpc;
import io.migd.grpc.v0_1.FrameKind;
import io.migd.grpc.v0_1.HeartbeatRequest;
import io.migd.grpc.v0_1.HelloRequest;
import io.migd.grpc.v0_1.InvocationGrpc;
import io.migd.grpc.v0_1.InvokeRequest;
import io.migd.grpc.v0_1.PublishRequest;
import io.migd.grpc.v0_1.StreamFrame;
import io.migd.grpc.v0_1.SubscribeRequest;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code mig-grpc-smoke -addr localhost:9090 -tenant acme}: every RPC of the MIG/gRPC binding once, against a running
 * gateway, one PASS/FAIL line each; exit code 1 when anything failed.
 */
public final class GrpcSmoke {

    private final PrintStream out;
    private int failures;

    private GrpcSmoke(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    public static int run(String[] args, PrintStream out) {
        String addr = "localhost:9090";
        String tenant = "acme";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i].replaceFirst("^--?", "")) {
                case "addr" -> addr = args[i + 1];
                case "tenant" -> tenant = args[i + 1];
                default -> {
                    out.println("usage: mig-grpc-smoke -addr HOST:PORT -tenant TENANT");
                    return 2;
                }
            }
        }
        int colon = addr.lastIndexOf(':');
        ManagedChannel channel = NettyChannelBuilder.forAddress(addr.substring(0, colon),
                Integer.parseInt(addr.substring(colon + 1))).usePlaintext().build();
        try {
            return new GrpcSmoke(out).smoke(channel, tenant);
        } finally {
            channel.shutdownNow();
        }
    }

    private int smoke(ManagedChannel channel, String tenant) {
        Metadata metadata = new Metadata();
        metadata.put(Metadata.Key.of("x-tenant-id", Metadata.ASCII_STRING_MARSHALLER), tenant);
        var attach = MetadataUtils.newAttachHeadersInterceptor(metadata);
        var discovery = DiscoveryGrpc.newBlockingStub(channel).withInterceptors(attach)
                .withDeadlineAfter(10, TimeUnit.SECONDS);
        var invocation = InvocationGrpc.newBlockingStub(channel).withInterceptors(attach)
                .withDeadlineAfter(10, TimeUnit.SECONDS);
        var events = EventsGrpc.newBlockingStub(channel).withInterceptors(attach)
                .withDeadlineAfter(10, TimeUnit.SECONDS);
        var control = ControlGrpc.newBlockingStub(channel).withInterceptors(attach)
                .withDeadlineAfter(10, TimeUnit.SECONDS);
        Struct input = Struct.newBuilder().putFields("input", Value.newBuilder().setStringValue("smoke test").build())
                .build();
        String topic = "smoke.grpc" + UUID.randomUUID().toString().substring(0, 8);

        check("Discovery/Hello", () -> {
            var hello = discovery.hello(HelloRequest.newBuilder().addSupportedVersions("0.1")
                    .addRequestedBindings(BindingType.BINDING_TYPE_GRPC).build());
            return "0.1".equals(hello.getSelectedVersion()) && tenant.equals(hello.getHeader().getTenantId());
        });
        check("Discovery/Discover", () -> discovery.discover(DiscoverRequest.getDefaultInstance())
                .getCapabilitiesList().stream().anyMatch(c -> c.getId().equals("observatory.models.infer")));
        check("Invocation/Invoke", () -> invocation.invoke(InvokeRequest.newBuilder()
                        .setCapability("observatory.models.infer").setPayload(input).build())
                .getPayload().containsFields("result"));
        check("Invocation/StreamInvoke", () -> streamInvoke(channel, attach, input));
        check("Events/Publish", () -> events.publish(PublishRequest.newBuilder().setTopic(topic)
                .setPayload(input).build()).getSequence() == 1);
        check("Events/Subscribe (replay)", () -> {
            EventMessage first = events.subscribe(SubscribeRequest.newBuilder().setTopic(topic)
                    .setResumeCursor("0").build()).next();
            return first.getSequence() == 1 && first.getReplay();
        });
        check("Control/Cancel", () -> {
            var ack = control.cancel(CancelRequest.newBuilder().setTargetMessageId("smoke-" + UUID.randomUUID())
                    .setReason("smoke").build());
            return ack.getAccepted() && "not_found".equals(ack.getStatus());
        });
        check("Control/Heartbeat", () -> control.heartbeat(HeartbeatRequest.newBuilder().setIntervalMs(5000).build())
                .getSuggestedIntervalMs() >= 1);
        out.println(failures == 0 ? "mig-grpc-smoke: all checks passed" : "mig-grpc-smoke: " + failures + " failed");
        return failures == 0 ? 0 : 1;
    }

    private boolean streamInvoke(ManagedChannel channel, io.grpc.ClientInterceptor attach, Struct input)
            throws InterruptedException {
        BlockingQueue<StreamFrame> frames = new LinkedBlockingQueue<>();
        StreamObserver<StreamFrame> requests = InvocationGrpc.newStub(channel).withInterceptors(attach)
                .withDeadlineAfter(10, TimeUnit.SECONDS).streamInvoke(new StreamObserver<>() {
                    public void onNext(StreamFrame frame) {
                        frames.add(frame);
                    }

                    public void onError(Throwable t) {
                    }

                    public void onCompleted() {
                    }
                });
        requests.onNext(StreamFrame.newBuilder().setStreamId("smoke").setKind(FrameKind.FRAME_KIND_REQUEST)
                .setCapability("observatory.models.infer").setPayload(input).build());
        List<StreamFrame> seen = new ArrayList<>();
        StreamFrame frame;
        while ((frame = frames.poll(5, TimeUnit.SECONDS)) != null) {
            seen.add(frame);
            if (frame.getEndStream()) {
                break;
            }
        }
        requests.onCompleted();
        return !seen.isEmpty() && seen.get(seen.size() - 1).getEndStream()
                && seen.get(seen.size() - 1).getKind() == FrameKind.FRAME_KIND_RESPONSE;
    }

    private interface Check {
        boolean run() throws Exception;
    }

    private void check(String name, Check check) {
        try {
            if (check.run()) {
                out.println("PASS " + name);
                return;
            }
            out.println("FAIL " + name);
        } catch (Exception e) {
            out.println("FAIL " + name + ": " + e.getMessage());
        }
        failures++;
    }
}
