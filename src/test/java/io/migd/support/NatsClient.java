package io.migd.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A plain jnats client, the way any NATS client talks to the gateway. */
public final class NatsClient implements AutoCloseable {

    private final Connection connection;

    public NatsClient(String url) throws IOException, InterruptedException {
        this(new Options.Builder().server(url).maxReconnects(-1).reconnectWait(Duration.ofMillis(100)).build());
    }

    public NatsClient(Options options) throws IOException, InterruptedException {
        this.connection = Nats.connect(options);
    }

    /** A reply: the parsed body and the NATS headers. */
    public record Reply(JsonNode body, Headers headers, String raw, String subject) {
        public String header(String name) {
            return headers == null ? null : headers.getFirst(name);
        }

        public String errorCode() {
            return body.path("error").path("code").asText(null);
        }
    }

    public Reply request(String subject, String json, String... headerPairs) throws Exception {
        Headers headers = new Headers();
        for (int i = 0; i + 1 < headerPairs.length; i += 2) {
            headers.put(headerPairs[i], headerPairs[i + 1]);
        }
        Message reply = connection.request(NatsMessage.builder().subject(subject).headers(headers)
                .data(json.getBytes(StandardCharsets.UTF_8)).build(), Duration.ofSeconds(10));
        if (reply == null) {
            throw new AssertionError("no reply on " + subject + " within 10 s");
        }
        return toReply(reply);
    }

    public void publish(String subject, String json) throws InterruptedException {
        connection.publish(subject, json.getBytes(StandardCharsets.UTF_8));
        flush();
    }

    public Subscription subscribe(String subject) throws InterruptedException {
        Subscription subscription = connection.subscribe(subject);
        flush();
        return subscription;
    }

    /** Messages until {@code quiet} passes without one. */
    public static List<Reply> drain(Subscription subscription, Duration quiet) throws InterruptedException {
        List<Reply> out = new ArrayList<>();
        Message message;
        while ((message = subscription.nextMessage(quiet)) != null) {
            out.add(toReply(message));
        }
        return out;
    }

    public static Reply next(Subscription subscription, Duration timeout) throws InterruptedException {
        Message message = subscription.nextMessage(timeout);
        return message == null ? null : toReply(message);
    }

    public Connection connection() {
        return connection;
    }

    public void flush() throws InterruptedException {
        try {
            connection.flush(Duration.ofSeconds(5));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("NATS flush timed out", e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        connection.close();
    }

    private static Reply toReply(Message message) {
        String raw = new String(message.getData(), StandardCharsets.UTF_8);
        JsonNode body;
        try {
            body = MigClient.JSON.readTree(raw);
        } catch (IOException e) {
            body = MigClient.JSON.missingNode();
        }
        return new Reply(body, message.getHeaders(), raw, message.getSubject());
    }
}
