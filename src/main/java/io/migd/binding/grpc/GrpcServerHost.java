package io.migd.binding.grpc;

import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.util.MutableHandlerRegistry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The one gRPC server on {@code MIGD_GRPC_ADDR}: every camel-grpc consumer route registers its service here (camel-grpc
 * alone would start a server per service, and four servers cannot share a port), next to server reflection and the
 * standard health service, so {@code grpcurl} works without the proto.
 */
public final class GrpcServerHost extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(GrpcServerHost.class);

    private final String host;
    private final int port;
    private final MutableHandlerRegistry services = new MutableHandlerRegistry();
    /** Created with the server: gRPC's health classes load only when gRPC is used. */
    private HealthStatusManager health;
    private Server server;

    public GrpcServerHost(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** Adds (or replaces) a service; it is served at once, also when added after the server started. */
    public synchronized void register(ServerServiceDefinition service) {
        services.addService(service);
        health().setStatus(service.getServiceDescriptor().getName(), ServingStatus.SERVING);
    }

    public synchronized void unregister(ServerServiceDefinition service) {
        services.removeService(service);
        health().setStatus(service.getServiceDescriptor().getName(), ServingStatus.NOT_SERVING);
    }

    private HealthStatusManager health() {
        if (health == null) {
            health = new HealthStatusManager();
        }
        return health;
    }

    @Override
    protected synchronized void doStart() throws Exception {
        if (server != null) {
            return;
        }
        server = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
                .fallbackHandlerRegistry(services)
                .addService(health().getHealthService())
                .addService(ProtoReflectionServiceV1.newInstance())
                .addService(ProtoReflectionService.newInstance())
                .maxInboundMessageSize(4 * 1024 * 1024)
                .build()
                .start();
        health().setStatus("", ServingStatus.SERVING);
        LOG.info("gRPC listening on {}:{}", host, server.getPort());
    }

    @Override
    protected synchronized void doStop() throws Exception {
        if (server != null) {
            health().enterTerminalState();
            health = null;
            server.shutdown();
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
            server = null;
        }
    }

    public int port() {
        return server == null ? port : server.getPort();
    }
}
