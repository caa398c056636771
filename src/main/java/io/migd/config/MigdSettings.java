package io.migd.config;

import io.migd.events.OverflowPolicy;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Typed, validated configuration. Values come from application.properties, where each key reads its seed
 * {@code MIGD_*} variable through a {@code {{env:...}}} placeholder; an invalid value is a
 * {@link MigdConfigException} naming the variable, before anything listens.
 */
public record MigdSettings(
        String httpHost, int httpPort, String grpcAddr, String grpcHost, int grpcPort, String authMode, String jwtSecret,
        boolean requireTenantHeader, boolean metricsEnabled, String natsUrl, boolean natsBindingEnabled,
        String auditLogPath, long maxBodyBytes, int httpWorkerThreads, long defaultDeadlineMs, int maxInFlight,
        long idempotencyRetentionMs, int idempotencyMaxEntries, long cancelRememberMs, long heartbeatIntervalMs,
        Set<String> allowedEndpointSchemes, String serverId, String schemasLocation,
        int eventsRetainCount, long eventsRetainMs, int eventsMaxTopics, int eventsMaxTopicsPerTenant,
        int eventsSubscriberBuffer,
        OverflowPolicy eventsOverflowPolicy, long sseKeepaliveMs, long jwtClockSkewSeconds, long httpReadTimeoutMs,
        int wsMaxQueuedFrames, int maxStreamsPerConnection, boolean auditFsync, int auditMaxRecords, String conformanceTenant,
        long conformanceMaxAgeMs, boolean cliConnector, NatsSettings nats) {

    public static final Setting ADDR = new Setting("migd.addr", "MIGD_ADDR", ":8080");
    public static final Setting GRPC_ADDR = new Setting("migd.grpc.addr", "MIGD_GRPC_ADDR", "");
    public static final Setting AUTH_MODE = new Setting("migd.auth.mode", "MIGD_AUTH_MODE", "none");
    public static final Setting JWT_SECRET = new Setting("migd.auth.jwt-hs256-secret", "MIGD_JWT_HS256_SECRET", "");
    public static final Setting REQUIRE_TENANT_HEADER =
            new Setting("migd.auth.require-tenant-header", "MIGD_REQUIRE_TENANT_HEADER", "false");
    public static final Setting METRICS = new Setting("migd.metrics.enabled", "MIGD_ENABLE_METRICS", "true");
    public static final Setting NATS_URL = new Setting("migd.nats.url", "MIGD_NATS_URL", "");
    public static final Setting NATS_BINDING =
            new Setting("migd.nats.binding-enabled", "MIGD_ENABLE_NATS_BINDING", "true");
    public static final Setting AUDIT_LOG_PATH = new Setting("migd.audit.log-path", "MIGD_AUDIT_LOG_PATH", "");
    public static final Setting MAX_BODY_BYTES =
            new Setting("migd.http.max-body-bytes", "MIGD_MAX_BODY_BYTES", "1048576");
    public static final Setting HTTP_WORKER_THREADS =
            new Setting("migd.http.worker-threads", "MIGD_HTTP_WORKER_THREADS", "64");
    public static final Setting DEFAULT_DEADLINE_MS =
            new Setting("migd.invoke.default-deadline-ms", "MIGD_DEFAULT_DEADLINE_MS", "30000");
    public static final Setting MAX_IN_FLIGHT = new Setting("migd.invoke.max-in-flight", "MIGD_MAX_IN_FLIGHT", "1024");
    public static final Setting IDEMPOTENCY_RETENTION_MS =
            new Setting("migd.idempotency.retention-ms", "MIGD_IDEMPOTENCY_RETENTION_MS", "86400000");
    public static final Setting IDEMPOTENCY_MAX_ENTRIES =
            new Setting("migd.idempotency.max-entries", "MIGD_IDEMPOTENCY_MAX_ENTRIES", "100000");
    public static final Setting CANCEL_REMEMBER_MS =
            new Setting("migd.cancel.remember-ms", "MIGD_CANCEL_REMEMBER_MS", "60000");
    public static final Setting HEARTBEAT_INTERVAL_MS =
            new Setting("migd.heartbeat.interval-ms", "MIGD_HEARTBEAT_INTERVAL_MS", "5000");
    public static final Setting ALLOWED_ENDPOINT_SCHEMES = new Setting(
            "migd.capabilities.allowed-endpoint-schemes", "MIGD_ALLOWED_ENDPOINT_SCHEMES", "http,https,nats");
    public static final Setting SERVER_ID = new Setting("migd.server-id", "MIGD_SERVER_ID", "migd");
    public static final Setting SCHEMAS_LOCATION =
            new Setting("migd.schemas.location", "MIGD_SCHEMAS_LOCATION", "classpath:schemas");

    public static final Setting EVENTS_RETAIN_COUNT =
            new Setting("migd.events.retain-count", "MIGD_EVENTS_RETAIN_COUNT", "1000");
    public static final Setting EVENTS_RETAIN_MS =
            new Setting("migd.events.retain-ms", "MIGD_EVENTS_RETAIN_MS", "3600000");
    public static final Setting EVENTS_MAX_TOPICS =
            new Setting("migd.events.max-topics", "MIGD_EVENTS_MAX_TOPICS", "10000");
    public static final Setting EVENTS_MAX_TOPICS_PER_TENANT =
            new Setting("migd.events.max-topics-per-tenant", "MIGD_EVENTS_MAX_TOPICS_PER_TENANT", "1000");
    public static final Setting EVENTS_SUBSCRIBER_BUFFER =
            new Setting("migd.events.subscriber-buffer", "MIGD_EVENTS_SUBSCRIBER_BUFFER", "1024");
    public static final Setting EVENTS_OVERFLOW_POLICY =
            new Setting("migd.events.overflow-policy", "MIGD_EVENTS_OVERFLOW_POLICY", "disconnect");
    public static final Setting SSE_KEEPALIVE_MS =
            new Setting("migd.events.keepalive-ms", "MIGD_SSE_KEEPALIVE_MS", "15000");

    public static final Setting JWT_CLOCK_SKEW_SECONDS =
            new Setting("migd.auth.clock-skew-seconds", "MIGD_JWT_CLOCK_SKEW_SECONDS", "30");
    public static final Setting HTTP_READ_TIMEOUT_MS =
            new Setting("migd.http.read-timeout-ms", "MIGD_HTTP_READ_TIMEOUT_MS", "30000");

    public static final Setting WS_MAX_QUEUED_FRAMES =
            new Setting("migd.ws.max-queued-frames", "MIGD_WS_MAX_QUEUED_FRAMES", "256");
    public static final Setting MAX_STREAMS_PER_CONNECTION =
            new Setting("migd.stream.max-per-connection", "MIGD_MAX_STREAMS_PER_CONNECTION", "256");

    public static final Setting AUDIT_FSYNC = new Setting("migd.audit.fsync", "MIGD_AUDIT_FSYNC", "false");
    public static final Setting AUDIT_MAX_RECORDS =
            new Setting("migd.audit.max-records", "MIGD_AUDIT_MAX_RECORDS", "10000");
    public static final Setting CONFORMANCE_TENANT =
            new Setting("migd.conformance.tenant", "MIGD_CONFORMANCE_TENANT", "migd-selfcheck");
    public static final Setting CONFORMANCE_MAX_AGE_MS =
            new Setting("migd.conformance.max-age-ms", "MIGD_CONFORMANCE_MAX_AGE_MS", "60000");

    public static final Setting CLI_CONNECTOR =
            new Setting("migd.management.cli-connector", "MIGD_CLI_CONNECTOR", "false");

    public static final List<Setting> ALL = List.of(ADDR, GRPC_ADDR, AUTH_MODE, JWT_SECRET, REQUIRE_TENANT_HEADER,
            METRICS, NATS_URL, NATS_BINDING, AUDIT_LOG_PATH, MAX_BODY_BYTES, HTTP_WORKER_THREADS, DEFAULT_DEADLINE_MS,
            MAX_IN_FLIGHT, IDEMPOTENCY_RETENTION_MS, IDEMPOTENCY_MAX_ENTRIES, CANCEL_REMEMBER_MS,
            HEARTBEAT_INTERVAL_MS, ALLOWED_ENDPOINT_SCHEMES, SERVER_ID, SCHEMAS_LOCATION, EVENTS_RETAIN_COUNT,
            EVENTS_RETAIN_MS, EVENTS_MAX_TOPICS, EVENTS_MAX_TOPICS_PER_TENANT,
            EVENTS_SUBSCRIBER_BUFFER, EVENTS_OVERFLOW_POLICY, SSE_KEEPALIVE_MS,
            JWT_CLOCK_SKEW_SECONDS, HTTP_READ_TIMEOUT_MS, WS_MAX_QUEUED_FRAMES, MAX_STREAMS_PER_CONNECTION, AUDIT_FSYNC,
            AUDIT_MAX_RECORDS,
            CONFORMANCE_TENANT, CONFORMANCE_MAX_AGE_MS, CLI_CONNECTOR);

    public static final int MIN_JWT_SECRET_BYTES = 32;
    private static final Set<String> KNOWN_SCHEMES = Set.of("http", "https", "nats");

    /** Reads every setting through {@code lookup} (a property key → its resolved value, or null). */
    public static MigdSettings load(Function<String, String> lookup) {
        Reader r = new Reader(lookup);
        HostPort http = r.hostPort(ADDR, false);
        String grpc = r.text(GRPC_ADDR);
        HostPort grpcListen = grpc.isEmpty() ? new HostPort("", 0) : r.hostPort(GRPC_ADDR, true);
        String mode = r.text(AUTH_MODE).toLowerCase(Locale.ROOT);
        if (!mode.equals("none") && !mode.equals("jwt")) {
            throw AUTH_MODE.invalid(mode, "'none' or 'jwt'");
        }
        String secret = r.text(JWT_SECRET);
        if (mode.equals("jwt") && secret.getBytes(StandardCharsets.UTF_8).length < MIN_JWT_SECRET_BYTES) {
            throw new MigdConfigException(JWT_SECRET.env() + " (" + JWT_SECRET.key() + "): "
                    + (secret.isEmpty() ? "required" : "too short") + " when MIGD_AUTH_MODE=jwt; use at least "
                    + MIN_JWT_SECRET_BYTES + " bytes");
        }
        String nats = r.text(NATS_URL);
        if (!nats.isEmpty()) {
            r.natsUrls(NATS_URL, nats);
        }
        Set<String> schemes = r.schemes(ALLOWED_ENDPOINT_SCHEMES);
        String auditPath = r.text(AUDIT_LOG_PATH);
        if (!auditPath.isEmpty()) {
            r.appendableFile(AUDIT_LOG_PATH, auditPath);
        }
        String conformanceTenant = r.text(CONFORMANCE_TENANT);
        try {
            io.migd.envelope.Identifiers.requireTenant(conformanceTenant, CONFORMANCE_TENANT.key());
        } catch (RuntimeException e) {
            throw CONFORMANCE_TENANT.invalid(conformanceTenant, "a tenant id (letters, digits, '_' and '-')");
        }
        boolean natsBinding = r.bool(NATS_BINDING);
        NatsSettings natsSettings = NatsSettings.load(r, nats, natsBinding);
        return new MigdSettings(http.host(), http.port(), grpc, grpcListen.host(), grpcListen.port(), mode, secret,
                r.bool(REQUIRE_TENANT_HEADER), r.bool(METRICS), nats, natsBinding, auditPath,
                r.number(MAX_BODY_BYTES, 1, Integer.MAX_VALUE), (int) r.number(HTTP_WORKER_THREADS, 1, 4096),
                r.number(DEFAULT_DEADLINE_MS, 1, 86_400_000L), (int) r.number(MAX_IN_FLIGHT, 1, 1_000_000),
                r.number(IDEMPOTENCY_RETENTION_MS, 1, 30L * 86_400_000L),
                (int) r.number(IDEMPOTENCY_MAX_ENTRIES, 1, 100_000_000),
                r.number(CANCEL_REMEMBER_MS, 0, 86_400_000L), r.number(HEARTBEAT_INTERVAL_MS, 1, 3_600_000L),
                schemes, r.text(SERVER_ID), r.text(SCHEMAS_LOCATION),
                (int) r.number(EVENTS_RETAIN_COUNT, 0, 10_000_000), r.number(EVENTS_RETAIN_MS, 1, 30L * 86_400_000L),
                (int) r.number(EVENTS_MAX_TOPICS, 1, 10_000_000), (int) r.number(EVENTS_MAX_TOPICS_PER_TENANT, 1, 10_000_000),
                (int) r.number(EVENTS_SUBSCRIBER_BUFFER, 1, 1_000_000),
                r.overflowPolicy(EVENTS_OVERFLOW_POLICY), r.number(SSE_KEEPALIVE_MS, 0, 3_600_000L),
                r.number(JWT_CLOCK_SKEW_SECONDS, 0, 3600), r.number(HTTP_READ_TIMEOUT_MS, 100, 3_600_000L),
                (int) r.number(WS_MAX_QUEUED_FRAMES, 1, 1_000_000),
                (int) r.number(MAX_STREAMS_PER_CONNECTION, 1, 1_000_000),
                r.bool(AUDIT_FSYNC),
                (int) r.number(AUDIT_MAX_RECORDS, 0, 10_000_000), conformanceTenant,
                r.number(CONFORMANCE_MAX_AGE_MS, 0, 86_400_000L), r.bool(CLI_CONNECTOR), natsSettings);
    }

    public String httpAddress() {
        return httpHost + ":" + httpPort;
    }

    public boolean grpcEnabled() {
        return grpcPort > 0;
    }

    /** A listen address: {@code :PORT} (all interfaces) or {@code HOST:PORT}. */
    public record HostPort(String host, int port) {
    }

    record Reader(Function<String, String> lookup) {

        String text(Setting setting) {
            String value = lookup.apply(setting.key());
            return value == null ? setting.defaultValue() : value.trim();
        }

        boolean bool(Setting setting) {
            String value = text(setting).toLowerCase(Locale.ROOT);
            return switch (value) {
                case "true", "1", "yes", "on" -> true;
                case "false", "0", "no", "off" -> false;
                default -> throw setting.invalid(value, "true or false");
            };
        }

        long number(Setting setting, long min, long max) {
            String value = text(setting);
            try {
                long n = Long.parseLong(value);
                if (n < min || n > max) {
                    throw setting.invalid(value, "an integer from " + min + " to " + max);
                }
                return n;
            } catch (NumberFormatException e) {
                throw setting.invalid(value, "an integer from " + min + " to " + max);
            }
        }

        HostPort hostPort(Setting setting, boolean allowEmptyHost) {
            String value = text(setting);
            int colon = value.lastIndexOf(':');
            String expected = "':PORT' or 'HOST:PORT' with a port from 1 to 65535";
            if (colon < 0) {
                throw setting.invalid(value, expected);
            }
            String host = value.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (host.isEmpty()) {
                host = "0.0.0.0";
            }
            if (host.chars().anyMatch(c -> Character.isWhitespace(c) || c == '/')) {
                throw setting.invalid(value, expected);
            }
            try {
                int port = Integer.parseInt(value.substring(colon + 1));
                if (port < 1 || port > 65535) {
                    throw setting.invalid(value, expected);
                }
                return new HostPort(host, port);
            } catch (NumberFormatException e) {
                throw setting.invalid(value, expected);
            }
        }

        void natsUrls(Setting setting, String value) {
            for (String url : value.split(",")) {
                try {
                    URI uri = new URI(url.trim());
                    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                    if (!Set.of("nats", "tls", "ws", "wss").contains(scheme) || uri.getHost() == null) {
                        throw setting.invalid(value, "nats://HOST:PORT (or tls://, ws://, wss://), comma-separated");
                    }
                } catch (URISyntaxException e) {
                    throw setting.invalid(value, "nats://HOST:PORT (or tls://, ws://, wss://), comma-separated");
                }
            }
        }

        /** A file that can be created or appended to: its directory exists, and it is a writable file if present. */
        void appendableFile(Setting setting, String value) {
            java.nio.file.Path path;
            try {
                path = java.nio.file.Path.of(value).toAbsolutePath();
            } catch (java.nio.file.InvalidPathException e) {
                throw setting.invalid(value, "a file path");
            }
            java.nio.file.Path dir = path.getParent();
            if (dir == null || !java.nio.file.Files.isDirectory(dir)) {
                throw setting.invalid(value, "a file in an existing directory");
            }
            if (java.nio.file.Files.exists(path)
                    && (!java.nio.file.Files.isRegularFile(path) || !java.nio.file.Files.isWritable(path))) {
                throw setting.invalid(value, "a writable regular file");
            }
            if (!java.nio.file.Files.exists(path) && !java.nio.file.Files.isWritable(dir)) {
                throw setting.invalid(value, "a file in a writable directory");
            }
        }

        OverflowPolicy overflowPolicy(Setting setting) {
            String value = text(setting).toLowerCase(Locale.ROOT);
            return switch (value) {
                case "disconnect" -> OverflowPolicy.DISCONNECT;
                case "drop-oldest", "drop_oldest" -> OverflowPolicy.DROP_OLDEST;
                default -> throw setting.invalid(value, "disconnect or drop-oldest");
            };
        }

        Set<String> schemes(Setting setting) {
            String value = text(setting);
            Set<String> schemes = Arrays.stream(value.split(",")).map(s -> s.trim().toLowerCase(Locale.ROOT))
                    .filter(s -> !s.isEmpty()).collect(Collectors.toCollection(LinkedHashSet::new));
            for (String scheme : schemes) {
                if (!KNOWN_SCHEMES.contains(scheme)) {
                    throw setting.invalid(value, "a comma-separated subset of http, https, nats");
                }
            }
            return schemes;
        }
    }
}
