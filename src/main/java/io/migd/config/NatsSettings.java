package io.migd.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The NATS connection, binding and JetStream settings ({@code MIGD_NATS_*}). {@code url} empty means no NATS at all:
 * nothing connects and no NATS route runs.
 */
public record NatsSettings(
        String url, boolean bindingEnabled, boolean jetstream, String streamName, String dlqStreamName,
        int maxAckPending, int maxDeliver, String user, String password, String token, String credsFile,
        boolean tls, String truststore, String truststorePassword, String keystore, String keystorePassword,
        long connectTimeoutMs, long reconnectWaitMs, int workerThreads) {

    public static final Setting JETSTREAM = new Setting("migd.nats.jetstream", "MIGD_NATS_JETSTREAM", "false");
    public static final Setting STREAM = new Setting("migd.nats.stream", "MIGD_NATS_STREAM", "MIG_EVENTS");
    public static final Setting DLQ_STREAM = new Setting("migd.nats.dlq-stream", "MIGD_NATS_DLQ_STREAM", "MIG_DLQ");
    public static final Setting MAX_ACK_PENDING =
            new Setting("migd.nats.max-ack-pending", "MIGD_NATS_MAX_ACK_PENDING", "256");
    public static final Setting MAX_DELIVER = new Setting("migd.nats.max-deliver", "MIGD_NATS_MAX_DELIVER", "5");
    public static final Setting USER = new Setting("migd.nats.user", "MIGD_NATS_USER", "");
    public static final Setting PASSWORD = new Setting("migd.nats.password", "MIGD_NATS_PASSWORD", "");
    public static final Setting TOKEN = new Setting("migd.nats.token", "MIGD_NATS_TOKEN", "");
    public static final Setting CREDS_FILE = new Setting("migd.nats.creds-file", "MIGD_NATS_CREDS_FILE", "");
    public static final Setting TLS = new Setting("migd.nats.tls", "MIGD_NATS_TLS", "false");
    public static final Setting TRUSTSTORE = new Setting("migd.nats.tls-truststore", "MIGD_NATS_TLS_TRUSTSTORE", "");
    public static final Setting TRUSTSTORE_PASSWORD =
            new Setting("migd.nats.tls-truststore-password", "MIGD_NATS_TLS_TRUSTSTORE_PASSWORD", "");
    public static final Setting KEYSTORE = new Setting("migd.nats.tls-keystore", "MIGD_NATS_TLS_KEYSTORE", "");
    public static final Setting KEYSTORE_PASSWORD =
            new Setting("migd.nats.tls-keystore-password", "MIGD_NATS_TLS_KEYSTORE_PASSWORD", "");
    public static final Setting CONNECT_TIMEOUT_MS =
            new Setting("migd.nats.connect-timeout-ms", "MIGD_NATS_CONNECT_TIMEOUT_MS", "2000");
    public static final Setting RECONNECT_WAIT_MS =
            new Setting("migd.nats.reconnect-wait-ms", "MIGD_NATS_RECONNECT_WAIT_MS", "1000");
    /**
     * Subscriptions of the invoke subject in the queue group, each with a receiving thread of its own: how many
     * invocations start (run their non-blocking steps) in parallel. 0: one per CPU. Not a limit on invocations in
     * flight: those wait on callbacks or run on the capability workers ({@code MIGD_MAX_IN_FLIGHT} bounds them).
     */
    public static final Setting WORKER_THREADS =
            new Setting("migd.nats.worker-threads", "MIGD_NATS_WORKER_THREADS", "0");

    public static final List<Setting> ALL = List.of(JETSTREAM, STREAM, DLQ_STREAM, MAX_ACK_PENDING, MAX_DELIVER, USER,
            PASSWORD, TOKEN, CREDS_FILE, TLS, TRUSTSTORE, TRUSTSTORE_PASSWORD, KEYSTORE, KEYSTORE_PASSWORD,
            CONNECT_TIMEOUT_MS, RECONNECT_WAIT_MS, WORKER_THREADS);

    /** JetStream stream names: no dots, wildcards, spaces or path separators. */
    private static final Pattern STREAM_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** Reads and validates the NATS settings; {@code url} and {@code bindingEnabled} come from the seed variables. */
    static NatsSettings load(MigdSettings.Reader r, String url, boolean bindingEnabled) {
        String stream = streamName(r, STREAM);
        String dlq = streamName(r, DLQ_STREAM);
        if (stream.equals(dlq)) {
            throw DLQ_STREAM.invalid(dlq, "a stream name other than " + STREAM.env() + "'s");
        }
        String user = r.text(USER);
        String password = r.text(PASSWORD);
        String token = r.text(TOKEN);
        String creds = r.text(CREDS_FILE);
        if (!user.isEmpty() && password.isEmpty()) {
            throw PASSWORD.invalid("", "a password when " + USER.env() + " is set");
        }
        if (user.isEmpty() && !password.isEmpty()) {
            throw USER.invalid("", "a user name when " + PASSWORD.env() + " is set");
        }
        int methods = (user.isEmpty() ? 0 : 1) + (token.isEmpty() ? 0 : 1) + (creds.isEmpty() ? 0 : 1);
        if (methods > 1) {
            throw new MigdConfigException(TOKEN.env() + " (" + TOKEN.key() + "): use one NATS authentication method: "
                    + USER.env() + "/" + PASSWORD.env() + ", " + TOKEN.env() + " or " + CREDS_FILE.env());
        }
        requireReadable(CREDS_FILE, creds);
        String truststore = r.text(TRUSTSTORE);
        String keystore = r.text(KEYSTORE);
        requireReadable(TRUSTSTORE, truststore);
        requireReadable(KEYSTORE, keystore);
        boolean tls = r.bool(TLS) || !truststore.isEmpty() || !keystore.isEmpty();
        return new NatsSettings(url, bindingEnabled, r.bool(JETSTREAM), stream, dlq,
                (int) r.number(MAX_ACK_PENDING, 1, 100_000), (int) r.number(MAX_DELIVER, 1, 1000),
                user, password, token, creds, tls, truststore, r.text(TRUSTSTORE_PASSWORD), keystore,
                r.text(KEYSTORE_PASSWORD), r.number(CONNECT_TIMEOUT_MS, 100, 60_000),
                r.number(RECONNECT_WAIT_MS, 10, 60_000), (int) r.number(WORKER_THREADS, 0, 1024));
    }

    /** True when a NATS server is configured at all (mirroring, and the binding unless switched off). */
    public boolean configured() {
        return !url.isEmpty();
    }

    /** True when the request/reply routes run: a URL and {@code MIGD_ENABLE_NATS_BINDING=true}. */
    public boolean routesEnabled() {
        return configured() && bindingEnabled;
    }

    /** The subscriptions of the invoke subject: {@code MIGD_NATS_WORKER_THREADS}, or one per CPU when it is 0. */
    public int invokeSubscriptions() {
        return workerThreads > 0 ? workerThreads : Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    public boolean jetstreamEnabled() {
        return configured() && jetstream;
    }

    public String[] servers() {
        return java.util.Arrays.stream(url.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .toArray(String[]::new);
    }

    /** What the settings say without the secrets, for logs. */
    @Override
    public String toString() {
        String auth = !user.isEmpty() ? "user" : !token.isEmpty() ? "token" : !credsFile.isEmpty() ? "creds" : "none";
        return "NatsSettings[url=" + url + ", binding=" + bindingEnabled + ", jetstream=" + jetstream + ", stream="
                + streamName + ", auth=" + auth + ", tls=" + tls + "]";
    }

    private static String streamName(MigdSettings.Reader r, Setting setting) {
        String name = r.text(setting);
        if (!STREAM_NAME.matcher(name).matches()) {
            throw setting.invalid(name, "1-64 letters, digits, '_' or '-'");
        }
        return name;
    }

    private static void requireReadable(Setting setting, String file) {
        if (!file.isEmpty() && !Files.isReadable(Path.of(file))) {
            throw setting.invalid(file, "a readable file");
        }
    }
}
