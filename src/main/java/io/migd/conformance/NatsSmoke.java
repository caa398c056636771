package io.migd.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code mig-nats-smoke}: checks a running gateway's MIG/NATS binding subject by subject and prints one
 * {@code PASS}/{@code FAIL} line per check; exits 0 when all pass, 1 when any fails, 2 on bad usage or no connection.
 *
 * <pre>conformance/mig-nats-smoke -url nats://localhost:4222 -tenant acme [-token JWT]
 *     [-user U -password P | -nats-token T] [-capability observatory.models.infer] [-timeout-ms 5000]</pre>
 * {@code -token} is the MIG bearer token (JWT mode); {@code -user}/{@code -password}/{@code -nats-token} log in to NATS.
 */
public final class NatsSmoke {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Connection nats;
    private final String tenant;
    private final String capability;
    private final String token;
    private final Duration timeout;
    private final PrintStream out;
    private int failures;

    NatsSmoke(Connection nats, String tenant, String capability, String token, Duration timeout, PrintStream out) {
        this.nats = nats;
        this.tenant = tenant;
        this.capability = capability;
        this.token = token;
        this.timeout = timeout;
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the checks; the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> flags;
        try {
            flags = flags(args);
        } catch (IllegalArgumentException e) {
            err.println("mig-nats-smoke: " + e.getMessage());
            err.println("usage: mig-nats-smoke -url nats://localhost:4222 -tenant acme [-token JWT] "
                    + "[-user U -password P | -nats-token T] [-capability ID] [-timeout-ms N]");
            return 2;
        }
        Options.Builder options = new Options.Builder().server(flags.getOrDefault("url", "nats://localhost:4222"))
                .connectionTimeout(Duration.ofSeconds(5)).noReconnect();
        if (flags.containsKey("user")) {
            options.userInfo(flags.get("user").toCharArray(), flags.getOrDefault("password", "").toCharArray());
        }
        if (flags.containsKey("nats-token")) {
            options.token(flags.get("nats-token").toCharArray());
        }
        try (Connection connection = Nats.connect(options.build())) {
            NatsSmoke smoke = new NatsSmoke(connection, flags.getOrDefault("tenant", "acme"),
                    flags.getOrDefault("capability", "observatory.models.infer"), flags.get("token"),
                    Duration.ofMillis(Long.parseLong(flags.getOrDefault("timeout-ms", "5000"))), out);
            return smoke.runAll();
        } catch (Exception e) {
            err.println("mig-nats-smoke: cannot connect to " + flags.get("url") + ": " + e);
            return 2;
        }
    }

    int runAll() {
        String prefix = "mig.v0_1." + tenant + ".";
        check("hello", () -> {
            String id = "smoke-" + UUID.randomUUID();
            Reply r = request(prefix + "hello", "{\"header\": {\"tenant_id\": \"" + tenant + "\", \"message_id\": \""
                    + id + "\"}, \"supported_versions\": [\"0.1\"], \"requested_bindings\": [\"nats\"]}");
            expectOk(r);
            expect("0.1".equals(r.body.path("selected_version").asText()), "selected_version is 0.1");
            expect("nats".equals(r.body.path("selected_binding").asText()), "selected_binding is nats");
            expect(r.body.path("server_id").isTextual(), "server_id present");
            expect(id.equals(r.header("message_id")), "NATS header message_id mirrors the envelope");
            expect(tenant.equals(r.header("tenant_id")), "NATS header tenant_id mirrors the envelope");
        });
        check("discover", () -> {
            Reply r = request(prefix + "discover", envelope(""));
            expectOk(r);
            expect(r.body.path("capabilities").isArray() && r.body.path("capabilities").size() > 0,
                    "at least one capability");
        });
        check("invoke", () -> {
            Reply r = request(prefix + "invoke." + capability, envelope("\"payload\": {\"input\": \"smoke\"}"));
            expectOk(r);
            expect(capability.equals(r.body.path("capability").asText()), "capability echoed");
            expect(r.body.path("payload").isObject(), "payload is an object");
        });
        check("events (publish + mirror)", () -> {
            String topic = "smoke.check";
            Subscription mirror = nats.subscribe(prefix + "events." + topic);
            nats.flush(timeout);
            Reply r = request(prefix + "events." + topic, envelope("\"payload\": {\"smoke\": true}"));
            expectOk(r);
            expect(r.body.path("accepted").asBoolean(), "accepted is true");
            expect(r.body.path("sequence").asLong() >= 1, "sequence >= 1");
            String eventId = r.body.path("event_id").asText();
            boolean mirrored = false;
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!mirrored && System.nanoTime() < deadline) {
                Message m = mirror.nextMessage(timeout);
                if (m == null) {
                    break;
                }
                mirrored = m.getHeaders() != null && m.getHeaders().getFirst("Mig-Origin") != null
                        && eventId.equals(JSON.readTree(m.getData()).path("event_id").asText());
            }
            mirror.unsubscribe();
            expect(mirrored, "the event is mirrored on " + prefix + "events." + topic);
        });
        check("control.heartbeat", () -> {
            Reply r = request(prefix + "control.heartbeat", envelope("\"interval_ms\": 5000"));
            expectOk(r);
            expect(r.body.path("suggested_interval_ms").asLong() >= 1, "suggested_interval_ms >= 1");
            double load = r.body.path("load_factor").asDouble(-1);
            expect(load >= 0 && load <= 1, "load_factor in [0, 1]");
        });
        check("control.cancel", () -> {
            String target = "smoke-nothing-" + UUID.randomUUID();
            Reply r = request(prefix + "control.cancel." + target, envelope("\"reason\": \"smoke\""));
            expectOk(r);
            expect(r.body.path("accepted").asBoolean(), "accepted is true");
            expect(target.equals(r.body.path("target_message_id").asText()), "target_message_id echoed");
            expect("not_found".equals(r.body.path("status").asText()), "status not_found for nothing in flight");
        });
        check("stream (start + frames)", () -> {
            String streamId = "smoke-" + UUID.randomUUID();
            Subscription frames = nats.subscribe(prefix + "stream." + streamId);
            nats.flush(timeout);
            Reply r = request(prefix + "stream.start." + capability, envelope("\"stream_id\": \"" + streamId
                    + "\", \"payload\": {\"input\": \"smoke stream\"}"));
            expectOk(r);
            expect(streamId.equals(r.body.path("stream_id").asText()), "stream_id returned");
            boolean ended = false;
            int count = 0;
            while (!ended) {
                Message m = frames.nextMessage(timeout);
                expect(m != null, "a frame within " + timeout.toMillis() + " ms (got " + count + ")");
                JsonNode frame = JSON.readTree(m.getData());
                expect(streamId.equals(frame.path("stream_id").asText()), "frames carry the stream_id");
                ended = frame.path("end_stream").asBoolean();
                count++;
            }
            frames.unsubscribe();
        });
        check("tenant mismatch is MIG_FORBIDDEN", () -> {
            Reply r = request(prefix + "discover", "{\"header\": {\"tenant_id\": \"not-" + tenant + "\"}}");
            expectError(r, "MIG_FORBIDDEN");
        });
        check("unknown capability is MIG_UNSUPPORTED_CAPABILITY", () -> {
            Reply r = request(prefix + "invoke.smoke.no-such-capability", envelope("\"payload\": {}"));
            expectError(r, "MIG_UNSUPPORTED_CAPABILITY");
        });
        out.println(failures == 0 ? "PASS all NATS binding checks" : "FAIL " + failures + " NATS binding check(s)");
        return failures == 0 ? 0 : 1;
    }

    private String envelope(String fields) {
        return "{\"header\": {\"tenant_id\": \"" + tenant + "\"}" + (fields.isEmpty() ? "" : ", " + fields) + "}";
    }

    private record Reply(JsonNode body, Headers headers) {
        String header(String name) {
            return headers == null ? null : headers.getFirst(name);
        }
    }

    private Reply request(String subject, String body) throws Exception {
        Headers headers = new Headers();
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        Message reply = nats.request(NatsMessage.builder().subject(subject).headers(headers)
                .data(body.getBytes(StandardCharsets.UTF_8)).build(), timeout);
        if (reply == null) {
            throw new Failure("no reply on " + subject + " within " + timeout.toMillis() + " ms");
        }
        return new Reply(JSON.readTree(reply.getData()), reply.getHeaders());
    }

    private static void expectOk(Reply r) {
        expect(!r.body.has("error"), "success envelope (got " + r.body.path("error").path("code").asText() + ": "
                + r.body.path("error").path("message").asText() + ")");
        expect(r.body.path("header").path("message_id").isTextual(), "response header with message_id");
        expect(r.header("Mig-Error-Code") == null, "no Mig-Error-Code header");
    }

    private static void expectError(Reply r, String code) {
        expect(code.equals(r.body.path("error").path("code").asText()), "error.code " + code + " (got "
                + r.body.path("error").path("code").asText() + ")");
        expect(code.equals(r.header("Mig-Error-Code")), "Mig-Error-Code header " + code);
    }

    private static void expect(boolean condition, String what) {
        if (!condition) {
            throw new Failure(what);
        }
    }

    private interface Check {
        void run() throws Exception;
    }

    private void check(String name, Check check) {
        try {
            check.run();
            out.println("PASS " + name);
        } catch (Failure f) {
            failures++;
            out.println("FAIL " + name + ": " + f.getMessage());
        } catch (Exception e) {
            failures++;
            out.println("FAIL " + name + ": " + e);
        }
    }

    private static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message, null, false, false);
        }
    }

    /** {@code -name value} pairs (also {@code --name value} and {@code -name=value}). */
    static Map<String, String> flags(String[] args) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> known = new ArrayList<>(List.of("url", "tenant", "token", "user", "password", "nats-token",
                "capability", "timeout-ms"));
        for (int i = 0; i < args.length; i++) {
            String arg = args[i].replaceFirst("^--?", "");
            String value;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("flag -" + arg + " needs a value");
            }
            if (!known.contains(arg)) {
                throw new IllegalArgumentException("unknown flag -" + arg);
            }
            out.put(arg, value);
        }
        return out;
    }
}
