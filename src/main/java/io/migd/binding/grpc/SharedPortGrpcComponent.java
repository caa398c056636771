package io.migd.binding.grpc;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessServerBuilder;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Processor;
import org.apache.camel.component.grpc.GrpcComponent;
import org.apache.camel.component.grpc.GrpcComponentConfigurer;
import org.apache.camel.component.grpc.GrpcEndpointConfigurer;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.camel.component.grpc.GrpcConfiguration;
import org.apache.camel.component.grpc.GrpcConsumer;
import org.apache.camel.component.grpc.GrpcEndpoint;
import org.apache.camel.component.grpc.server.DefaultBindableServiceFactory;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.UUID;

/**
 * camel-grpc with one difference: a consumer does not start a server of its own but adds its service to the shared
 * {@link GrpcServerHost}, so all four MIG services (plus reflection and health) answer on one port. Producers are
 * camel-grpc's unchanged.
 */
public final class SharedPortGrpcComponent extends GrpcComponent {

    private final GrpcServerHost host;
    /** Created by the first consumer: gRPC's metadata classes load only when a gRPC route starts. */
    private GrpcCallInterceptor interceptor;

    public SharedPortGrpcComponent(GrpcServerHost host) {
        this.host = host;
    }

    /** camel-grpc's generated configurers (found by class name, which this subclass does not share). */
    @Override
    public PropertyConfigurer getEndpointPropertyConfigurer() {
        return new GrpcEndpointConfigurer();
    }

    @Override
    public PropertyConfigurer getComponentPropertyConfigurer() {
        return new GrpcComponentConfigurer();
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        GrpcEndpoint plain = (GrpcEndpoint) super.createEndpoint(uri, remaining, parameters);
        return new SharedPortEndpoint(uri, this, plain.getConfiguration());
    }

    private synchronized GrpcCallInterceptor interceptor() {
        if (interceptor == null) {
            interceptor = new GrpcCallInterceptor();
        }
        return interceptor;
    }

    private final class SharedPortEndpoint extends GrpcEndpoint {
        SharedPortEndpoint(String uri, GrpcComponent component, GrpcConfiguration configuration) throws Exception {
            super(uri, component, configuration);
        }

        @Override
        public Consumer createConsumer(Processor processor) throws Exception {
            SharedPortConsumer consumer = new SharedPortConsumer(this, processor, getConfiguration());
            configureConsumer(consumer);
            return consumer;
        }
    }

    private final class SharedPortConsumer extends GrpcConsumer {
        private ServerServiceDefinition registered;

        SharedPortConsumer(GrpcEndpoint endpoint, Processor processor, GrpcConfiguration configuration) {
            super(endpoint, processor, configuration);
        }

        @Override
        protected void initializeServer() throws Exception {
            BindableService service = new DefaultBindableServiceFactory().createBindableService(this);
            registered = ServerInterceptors.intercept(service, interceptor());
            host.start();
            host.register(registered);
            // camel-grpc starts the server it is given; an in-process one listens nowhere
            Server placeholder = InProcessServerBuilder.forName("migd-" + UUID.randomUUID()).build();
            Field server = GrpcConsumer.class.getDeclaredField("server");
            server.setAccessible(true);
            server.set(this, placeholder);
        }

        @Override
        protected void doStop() throws Exception {
            if (registered != null) {
                host.unregister(registered);
                registered = null;
            }
            super.doStop();
        }
    }
}
