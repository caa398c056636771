package io.migd.bench;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The NATS baseline: a raw jnats responder (no Camel, no pipeline) for the MIG/NATS invoke subject
 * {@code mig.v0_1.<tenant>.invoke.<capability>}, subscribed like migd (the same wildcard subject, queue group
 * {@code migd}). It parses each JSON envelope and answers what migd answers for {@code observatory.models.infer}:
 * the same envelope as the HTTP baseline (header with the ids echoed or generated, {@code capability},
 * {@code payload.result}, {@code result_schema_uri}), the MIG header fields mirrored into NATS headers, and on an
 * error the error envelope with the {@code Mig-Error-Code} header. Replies are published from the dispatcher thread.
 *
 * <p>Usage: {@code java -cp migd-bench.jar io.migd.bench.NatsResponder NATS_URL USER PASSWORD}.
 */
public final class NatsResponder {

    static final String SUBJECT = "mig.v0_1.*.invoke.>";
    static final String QUEUE = "migd";
    private static final String PREFIX = "mig.v0_1.";
    private static final List<String> MIRRORED = List.of("mig_version", "message_id", "tenant_id", "session_id",
            "traceparent");

    private NatsResponder() {
    }

    public static void main(String[] args) throws Exception {
        Options options = new Options.Builder().server(args[0]).userInfo(args[1].toCharArray(), args[2].toCharArray())
                .connectionName("bench-raw-responder").maxReconnects(-1).build();
        Connection connection = Nats.connect(options);
        Dispatcher dispatcher = connection.createDispatcher(message -> answer(connection, message));
        dispatcher.subscribe(SUBJECT, QUEUE);
        connection.flush(java.time.Duration.ofSeconds(5));
        System.out.println("raw NATS responder subscribed to " + SUBJECT + " (queue " + QUEUE + ") on " + args[0]);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                connection.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        Thread.currentThread().join();   // the dispatcher's thread does the work until the process is stopped
    }

    private static void answer(Connection connection, Message message) {
        String replyTo = message.getReplyTo();
        if (replyTo == null || replyTo.isEmpty()) {
            return;
        }
        // mig.v0_1.<tenant>.invoke.<capability>
        String subject = message.getSubject();
        int tenantEnd = subject.indexOf('.', PREFIX.length());
        String tenant = subject.substring(PREFIX.length(), tenantEnd);
        String capability = subject.substring(subject.indexOf('.', tenantEnd + 1) + 1);
        byte[] data = message.getData();
        JsonObject body;
        try {
            body = data == null || data.length == 0 ? new JsonObject()
                    : new JsonObject(new String(data, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            reply(connection, replyTo, error(new JsonObject(), tenant, "MIG_INVALID_REQUEST", "malformed JSON"));
            return;
        }
        JsonObject header = body.getValue("header") instanceof JsonObject h ? h : null;
        Object named = header == null ? null : header.getValue("tenant_id");
        if (named != null && !tenant.equals(named)) {
            reply(connection, replyTo, error(body, tenant, "MIG_FORBIDDEN", "tenant_id does not match the subject"));
            return;
        }
        if (!Baseline.CAPABILITY.equals(capability)) {
            reply(connection, replyTo, error(body, tenant, "MIG_UNSUPPORTED_CAPABILITY", "unknown capability"));
            return;
        }
        JsonObject result = Baseline.inferResult(body);
        if (result == null) {
            reply(connection, replyTo, error(body, tenant, "MIG_INVALID_REQUEST", "payload.input is required"));
            return;
        }
        reply(connection, replyTo, new JsonObject()
                .put("header", Baseline.responseHeader(body, tenant))
                .put("capability", Baseline.CAPABILITY)
                .put("payload", result)
                .put("result_schema_uri", Baseline.RESULT_SCHEMA));
    }

    private static JsonObject error(JsonObject body, String tenant, String code, String text) {
        return new JsonObject()
                .put("header", Baseline.responseHeader(body, tenant))
                .put("error", new JsonObject().put("code", code).put("message", text).put("retryable", false));
    }

    /** The envelope as body, its MIG header fields as NATS headers, {@code Mig-Error-Code} on an error. */
    private static void reply(Connection connection, String replyTo, JsonObject envelope) {
        Headers headers = new Headers();
        JsonObject header = envelope.getJsonObject("header");
        for (String field : MIRRORED) {
            if (header.getValue(field) instanceof String value && !value.isEmpty()) {
                headers.put(field, value);
            }
        }
        if (envelope.getValue("error") instanceof JsonObject error) {
            headers.put("Mig-Error-Code", error.getString("code"));
        }
        connection.publish(NatsMessage.builder().subject(replyTo).headers(headers)
                .data(envelope.toBuffer().getBytes()).build());
    }
}
