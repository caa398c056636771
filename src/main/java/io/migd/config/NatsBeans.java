package io.migd.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migd.binding.nats.EventIngestLedger;
import io.migd.binding.nats.JetStreamDelivery;
import io.migd.binding.nats.JetStreamEvents;
import io.migd.binding.nats.NatsConnector;
import io.migd.binding.nats.NatsDeadLetters;
import io.migd.binding.nats.NatsErrorEncoder;
import io.migd.binding.nats.NatsEventIngest;
import io.migd.binding.nats.NatsEventMirror;
import io.migd.binding.nats.NatsHeaders;
import io.migd.binding.nats.NatsReplyEncoder;
import io.migd.binding.nats.NatsRequestDecoder;
import io.migd.binding.nats.NatsStreamProcessors;
import io.migd.binding.nats.SharedConnectionNatsComponent;
import io.migd.connections.ConnectionRegistry;
import io.migd.envelope.Json;
import io.migd.events.EventHub;
import io.migd.ops.BindingCatalog;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * The NATS side of the gateway (mig-spec §8): the beans routes/bindings/nats.camel.yaml uses, and — only when
 * {@code MIGD_NATS_URL} is set — the connection, the event mirror and JetStream. The NATS routes start only when
 * {@code migd.nats.routes-enabled} (computed here: a URL and {@code MIGD_ENABLE_NATS_BINDING=true}) is true; without
 * a URL their beans exist but nothing connects.
 */
final class NatsBeans {

    /** The property the NATS route files use for {@code autoStartup}. */
    static final String ROUTES_ENABLED = "migd.nats.routes-enabled";
    /** The property the NATS route files use as {@code precondition}: without a URL the routes are not created. */
    static final String CONFIGURED = "migd.nats.configured";
    /** The property bind-nats-invoke uses as {@code poolSize}: MIGD_NATS_WORKER_THREADS resolved (0 = one per CPU). */
    static final String INVOKE_SUBSCRIPTIONS = "migd.nats.invoke-subscriptions";
    private static final Logger LOG = LoggerFactory.getLogger("io.migd");

    private NatsBeans() {
    }

    /** @return what health reports about NATS */
    static Supplier<ObjectNode> bind(CamelContext camelContext, MigdSettings settings, EventHub events,
                                     ConnectionRegistry connections, BindingCatalog bindings) {
        NatsSettings nats = settings.nats();
        Registry registry = camelContext.getRegistry();
        NatsConnector connector = nats.configured() ? new NatsConnector(nats, settings.serverId()) : null;
        JetStreamEvents jetStream = new JetStreamEvents(nats, settings.serverId(), events,
                settings.eventsRetainCount(), settings.eventsRetainMs());
        boolean jetStreamOn = nats.jetstreamEnabled();
        NatsDeadLetters deadLetters = new NatsDeadLetters(connector);

        registry.bind("nats", new SharedConnectionNatsComponent(connector));
        registry.bind("natsHeaderFilter", NatsHeaders.inboundFilter());
        registry.bind("natsEventsConsumer", jetStream.ingestConsumer());
        registry.bind("natsRequestDecoder", new NatsRequestDecoder());
        registry.bind("natsReplyEncoder", new NatsReplyEncoder(connector));
        registry.bind("natsErrorEncoder", new NatsErrorEncoder(connector));
        NatsStreamProcessors streams = new NatsStreamProcessors(connector, connections, settings.wsMaxQueuedFrames());
        registry.bind("natsStreamOpen", streams.open());
        registry.bind("natsStreamStarted", streams.started());
        registry.bind("natsStreamRelease", streams.release());
        registry.bind("natsEvents", new NatsEventIngest(new EventIngestLedger(30_000, 100_000),
                () -> jetStreamOn && jetStream.ingestActive(), deadLetters));
        registry.bind("natsJetStreamDelivery", new JetStreamDelivery(nats.maxDeliver()));

        boolean routes = false;
        if (connector != null) {
            if (jetStreamOn) {
                connector.onConnected(jetStream);
                addStartupListener(camelContext, jetStream);
            }
            NatsEventMirror mirror = new NatsEventMirror(connector, settings.serverId());
            connector.onConnected(connection -> mirror.flush());
            events.onPublish(mirror);
            connector.connect();
            bindings.liveness("nats", connector::isConnected);
            addService(camelContext, connector);
            routes = nats.routesEnabled() && connector.connection() != null;
            LOG.info("NATS {}: {} binding={} jetstream={}", connector.status().path("url").asText(),
                    connector.isConnected() ? "connected"
                    : "not reachable yet, reconnecting", routes, jetStreamOn);
        }
        camelContext.getPropertiesComponent().addOverrideProperty(ROUTES_ENABLED, Boolean.toString(routes));
        camelContext.getPropertiesComponent().addOverrideProperty(CONFIGURED, Boolean.toString(connector != null));
        camelContext.getPropertiesComponent().addOverrideProperty(INVOKE_SUBSCRIPTIONS,
                Integer.toString(nats.invokeSubscriptions()));
        return () -> health(nats, connector, jetStreamOn ? jetStream : null);
    }

    private static ObjectNode health(NatsSettings nats, NatsConnector connector, JetStreamEvents jetStream) {
        if (connector == null) {
            ObjectNode off = Json.object();
            off.put("configured", false);
            off.put("connected", false);
            return off;
        }
        ObjectNode status = connector.status();
        if (jetStream != null) {
            status.set("jetstream", jetStream.status());
        }
        return status;
    }

    private static void addStartupListener(CamelContext camelContext, JetStreamEvents jetStream) {
        try {
            camelContext.addStartupListener(new StartupListener() {
                @Override
                public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                }

                @Override
                public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
                    jetStream.contextStarted(context);
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("could not register the JetStream startup", e);
        }
    }

    private static void addService(CamelContext camelContext, NatsConnector connector) {
        try {
            camelContext.addService(connector, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("could not register the NATS connection lifecycle", e);
        }
    }
}
