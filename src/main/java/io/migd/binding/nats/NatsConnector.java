package io.migd.binding.nats;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migd.config.NatsSettings;
import io.migd.envelope.Json;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The gateway's one NATS connection: TLS and credentials from {@link NatsSettings}, reconnecting forever (also when
 * the server is down at startup), shared by every NATS route and by the event mirror. Whoever needs to act when the
 * connection (re)establishes registers with {@link #onConnected}; those hooks run one at a time on a thread of
 * their own, never on the NATS client's threads.
 */
public final class NatsConnector extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(NatsConnector.class);
    /** How long startup waits for what the connected hooks set up (JetStream, the replay history). */
    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(60);
    /** A fresh connection must answer the probe within this long, else it is re-established. */
    private static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(3);
    /** A connected hook that failed (JetStream not ready yet) is tried again after this long while connected. */
    private static final Duration HOOK_RETRY = Duration.ofSeconds(2);

    private final NatsSettings settings;
    private final String connectionName;
    private final List<Consumer<Connection>> hooks = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Connection> firstEvent = new CompletableFuture<>();
    private final ScheduledExecutorService hookRunner = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "migd-nats-connected");
        t.setDaemon(true);
        return t;
    });
    private volatile Connection connection;
    private volatile Future<?> lastHookRun = CompletableFuture.completedFuture(null);
    private volatile boolean everConnected;
    private volatile boolean closing;
    private volatile boolean lostReported;
    /** In the inbox namespace: an account that can do request/reply at all may subscribe and publish there. */
    private final String probeSubject = "_INBOX.migd-probe." + io.nats.client.NUID.nextGlobal();
    private volatile boolean probeForcedReconnect;
    private static final byte[] PROBE_BODY = new byte[] {'1'};
    private volatile io.nats.client.Dispatcher probe;

    public NatsConnector(NatsSettings settings, String serverId) {
        this.settings = settings;
        this.connectionName = "migd-" + serverId;
    }

    /** Runs {@code hook} now if connected, and after every (re)connect from now on. */
    public void onConnected(Consumer<Connection> hook) {
        hooks.add(hook);
        Connection current = connection;
        if (current != null && isConnected()) {
            lastHookRun = hookRunner.submit(() -> runHook(hook, current));
        }
    }

    /**
     * Starts connecting in the background and waits until the client has made its first attempt (so routes can
     * subscribe on the connection, which resubscribes by itself once the server is there). When the first attempt
     * connects, also waits for the connected hooks, so that what they set up (JetStream, replay history) is ready
     * before the routes start.
     */
    public void connect() {
        Options options = options();
        try {
            Nats.connectAsynchronously(options, true);
            long servers = settings.servers().length;
            Duration firstAttempt = Duration.ofMillis(settings.connectTimeoutMs() * servers + 2_000);
            firstEvent.get(firstAttempt.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to NATS", e);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            LOG.warn("NATS at {} did not answer within the first attempt; the gateway starts without it and keeps "
                    + "trying", withoutUserInfo(settings.url()));
            return;
        }
        try {
            lastHookRun.get(SETUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting up NATS", e);
        } catch (TimeoutException e) {
            LOG.warn("NATS setup (JetStream, replay history) takes longer than {}; the gateway starts meanwhile",
                    SETUP_TIMEOUT);
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.warn("NATS setup after connecting failed: {}", e.getCause().toString());
        }
    }

    /** The shared connection; null only before the client's first attempt. */
    public Connection connection() {
        return connection;
    }

    /** True once the connection has been up at least once (from then on the client buffers while reconnecting). */
    public boolean everConnected() {
        return everConnected;
    }

    public boolean isConnected() {
        Connection c = connection;
        return c != null && c.getStatus() == Connection.Status.CONNECTED;
    }

    /** For health: what is configured and what state the connection is in (no secrets). */
    public ObjectNode status() {
        ObjectNode out = Json.object();
        Connection c = connection;
        out.put("configured", true);
        out.put("connected", isConnected());
        out.put("status", c == null ? "CONNECTING" : c.getStatus().name());
        out.put("url", withoutUserInfo(settings.url()));
        if (c != null && c.getConnectedUrl() != null) {
            out.put("server", withoutUserInfo(c.getConnectedUrl()));
        }
        out.put("binding_enabled", settings.bindingEnabled());
        out.put("tls", settings.tls());
        return out;
    }

    /** {@code nats://user:secret@host} → {@code nats://host}: health and logs never show credentials. */
    static String withoutUserInfo(String urls) {
        return urls.replaceAll("(?<=://)[^@/,]*@", "");
    }

    /**
     * The gateway's connection. {@code noEcho}: the server never delivers the gateway's own publishes back to it. Every
     * invocation of the demo capability publishes a completion event, which the event mirror sends to
     * {@code mig.v0_1.<tenant>.events.<topic>}, where the gateway's own events subscription would receive it only to
     * drop it (Mig-Origin) — a delivery, an exchange and a filter per invocation for nothing. Nothing in the gateway
     * needs its own publishes: replies and frames go to clients, JetStream captures mirrors on the server side and its
     * deliveries come from the server, and the only self-addressed request (the probe) uses a connection of its own.
     * Mig-Origin stays: other gateways on the same NATS still receive the mirrors.
     */
    Options options() {
        return base(connectionName)
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(settings.reconnectWaitMs()))
                .noEcho()
                .connectionListener(this::onEvent)
                .errorListener(new QuietErrors(this::firstAttemptMade))
                .build();
    }

    /** The probe's own short-lived connection: same servers, credentials and TLS, no reconnects. */
    Options probeOptions() {
        return base(connectionName + "-probe")
                .maxReconnects(0)
                .errorListener(new SilentErrors())
                .build();
    }

    /** Servers, credentials and TLS: what every connection of the gateway shares. */
    private Options.Builder base(String name) {
        Options.Builder builder = new Options.Builder()
                .servers(settings.servers())
                .connectionName(name)
                .connectionTimeout(Duration.ofMillis(settings.connectTimeoutMs()));
        if (!settings.user().isEmpty()) {
            builder.userInfo(settings.user().toCharArray(), settings.password().toCharArray());
        }
        if (!settings.token().isEmpty()) {
            builder.token(settings.token().toCharArray());
        }
        if (!settings.credsFile().isEmpty()) {
            builder.credentialPath(settings.credsFile());
        }
        if (!settings.truststore().isEmpty()) {
            builder.truststorePath(settings.truststore()).truststorePassword(settings.truststorePassword().toCharArray());
        }
        if (!settings.keystore().isEmpty()) {
            builder.keystorePath(settings.keystore()).keystorePassword(settings.keystorePassword().toCharArray());
        }
        if (settings.tls() && settings.truststore().isEmpty() && settings.keystore().isEmpty()) {
            try {
                builder.secure();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("no TLS support in this JVM", e);
            }
        }
        return builder;
    }

    /** An error before any connection event (bad credentials, TLS failure) also ends the first attempt. */
    private void firstAttemptMade(Connection conn) {
        if (conn != null && connection == null) {
            connection = conn;
        }
        if (conn != null) {
            firstEvent.complete(conn);
        }
    }

    private void onEvent(Connection conn, ConnectionListener.Events event) {
        connection = conn;
        switch (event) {
            case CONNECTED, RECONNECTED -> {
                if (!everConnected || event == ConnectionListener.Events.RECONNECTED) {
                    LOG.info("NATS {} to {}", event == ConnectionListener.Events.CONNECTED ? "connected" : "reconnected",
                            withoutUserInfo(String.valueOf(conn.getConnectedUrl())));
                }
                everConnected = true;
                lostReported = false;
                if (!closing) {
                    lastHookRun = hookRunner.submit(() -> {
                        if (verified(conn)) {
                            hooks.forEach(h -> runHook(h, conn));
                        }
                    });
                }
            }
            case DISCONNECTED -> {
                if (firstEvent.isDone() && everConnected && !closing && !lostReported) {
                    lostReported = true;
                    LOG.warn("NATS connection lost; reconnecting to {}", withoutUserInfo(settings.url()));
                }
            }
            case CLOSED -> LOG.debug("NATS connection closed");
            default -> LOG.debug("NATS {}", event);
        }
        firstEvent.complete(conn);
    }

    private void runHook(Consumer<Connection> hook, Connection conn) {
        try {
            hook.accept(conn);
        } catch (RuntimeException e) {
            LOG.warn("{}; trying again in {} s", e.getMessage(), HOOK_RETRY.toSeconds());
            if (!closing) {
                hookRunner.schedule(() -> {
                    if (isConnected()) {
                        runHook(hook, connection);
                    }
                }, HOOK_RETRY.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /**
     * A round trip through the gateway's own subscriptions on a fresh connection: a request on a private probe subject
     * that a subscription of this connection answers. It proves that the server knows this connection's
     * subscriptions and that replies get out. The Java client can come out of a reconnect without them
     * (nats-io/nats.java#1522 and relatives: the PING answers, yet no request reaches the gateway); such a connection
     * is re-established at once, which sends every subscription again, instead of staying deaf until restarted.
     * The request comes from a short-lived connection of its own: the gateway's connection does not receive its own
     * publishes ({@code noEcho}).
     */
    private boolean verified(Connection conn) {
        Connection prober;
        try {
            ensureProbe(conn);
            prober = Nats.connect(probeOptions());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.io.IOException | RuntimeException e) {
            // the check needs a second connection (the server may be going away again, or limit connections):
            // without one the gateway cannot tell, and goes on as the client says it is connected
            LOG.debug("NATS probe could not connect: {}", e.toString());
            return conn.getStatus() == Connection.Status.CONNECTED;
        }
        try {
            Message answer = prober.request(probeSubject, PROBE_BODY, VERIFY_TIMEOUT);
            if (answer != null) {
                probeForcedReconnect = false;
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (RuntimeException e) {
            LOG.debug("NATS probe failed: {}", e.toString());
        } finally {
            closeQuietly(prober);
        }
        if (closing || conn.getStatus() != Connection.Status.CONNECTED) {
            return false;
        }
        if (probeForcedReconnect) {
            // once is enough: a probe that fails again is not the client's reconnect problem (e.g. the account may
            // not subscribe to the probe subject); go on without the check
            probeForcedReconnect = false;
            LOG.warn("the NATS probe on {} got no answer again; continuing without it", probeSubject);
            return true;
        }
        probeForcedReconnect = true;
        LOG.warn("the NATS connection does not deliver to this gateway's subscriptions after connecting; "
                + "reconnecting");
        try {
            conn.forceReconnect();
        } catch (java.io.IOException ex) {
            LOG.warn("forced NATS reconnect failed: {}", ex.toString());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private static void closeQuietly(Connection prober) {
        try {
            prober.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void ensureProbe(Connection conn) {
        if (probe == null) {
            probe = conn.createDispatcher(message -> {
                if (message.getReplyTo() != null) {
                    conn.publish(message.getReplyTo(), PROBE_BODY);
                }
            });
            probe.subscribe(probeSubject);
        }
    }

    @Override
    protected void doStop() throws Exception {
        closing = true;
        hookRunner.shutdownNow();
        Connection c = connection;
        if (c != null) {
            c.close();
        }
    }

    /** The probe connection's errors: the probe's outcome says everything that matters. */
    private static final class SilentErrors implements ErrorListener {
        @Override
        public void errorOccurred(Connection conn, String error) {
            LOG.debug("NATS probe connection error: {}", error);
        }

        @Override
        public void exceptionOccurred(Connection conn, Exception exp) {
            LOG.debug("NATS probe connection exception: {}", exp.toString());
        }
    }

    /** The client reports every failed reconnect attempt; one line per state change is enough (see onEvent). */
    private static final class QuietErrors implements ErrorListener {
        private final Consumer<Connection> firstAttempt;
        private volatile String lastError;

        QuietErrors(Consumer<Connection> firstAttempt) {
            this.firstAttempt = firstAttempt;
        }

        @Override
        public void errorOccurred(Connection conn, String error) {
            // the same error on every reconnect attempt (bad credentials) is reported once
            if (!error.equals(lastError)) {
                LOG.warn("NATS error: {}", error);
            }
            lastError = error;
            firstAttempt.accept(conn);
        }

        @Override
        public void exceptionOccurred(Connection conn, Exception exp) {
            LOG.debug("NATS client exception: {}", exp.toString());
            firstAttempt.accept(conn);
        }

        @Override
        public void slowConsumerDetected(Connection conn, io.nats.client.Consumer consumer) {
            LOG.warn("NATS slow consumer: messages are being dropped by the client");
        }
    }
}
