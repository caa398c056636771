package io.migd.envelope;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migd.auth.Credentials;
import io.migd.auth.Principal;
import io.migd.capability.CapabilityRegistration;

import java.util.Map;

/**
 * The state of one MIG request as it moves through the shared processors. A binding creates it from its transport
 * message; the operation route's processors fill it in; the binding turns the result back into a transport reply.
 * It lives in the exchange property {@link #PROPERTY}.
 */
public final class MigCall {

    public static final String PROPERTY = "migdCall";

    private final String binding;
    private final long receivedNanos = System.nanoTime();
    private final Credentials credentials;
    private final String remoteAddress;
    private final String target;
    private final Map<String, String> query;
    private final byte[] body;

    private Long transportDeadlineMs;
    private ObjectNode request;
    private MigHeader header;
    private Principal principal;
    private CapabilityRegistration capability;
    private ObjectNode result;
    private boolean replayed;
    private ObjectNode response;
    private boolean created;
    private io.migd.invoke.IdempotencyStore.Owner idempotencyClaim;
    private io.migd.events.Subscription subscription;
    private io.migd.stream.StreamSession streamSession;
    private String streamId;
    private java.util.List<ObjectNode> frames;

    public MigCall(String binding, Credentials credentials, String remoteAddress, String target,
                   Map<String, String> query, byte[] body) {
        this.binding = binding;
        this.credentials = credentials;
        this.remoteAddress = remoteAddress;
        this.target = target;
        this.query = Map.copyOf(query);
        this.body = body;
    }

    public static MigCall of(org.apache.camel.Exchange exchange) {
        MigCall call = exchange.getProperty(PROPERTY, MigCall.class);
        if (call == null) {
            throw new IllegalStateException("no MIG call on this exchange: the binding route must decode first");
        }
        return call;
    }

    /** Milliseconds left of the invocation deadline, counted from when the binding received the request. */
    public long remainingMillis(long defaultDeadlineMs) {
        long deadline = header != null && header.deadlineMs() != null ? header.deadlineMs() : defaultDeadlineMs;
        if (transportDeadlineMs != null && transportDeadlineMs < deadline) {
            deadline = transportDeadlineMs;
        }
        long elapsed = (System.nanoTime() - receivedNanos) / 1_000_000L;
        return deadline - elapsed;
    }

    /** A deadline the transport imposes (a gRPC deadline); the shorter of it and {@code deadline_ms} applies. */
    public void transportDeadlineMs(Long deadlineMs) {
        this.transportDeadlineMs = deadlineMs;
    }

    public long elapsedMillis() {
        return (System.nanoTime() - receivedNanos) / 1_000_000L;
    }

    public String binding() {
        return binding;
    }

    public Credentials credentials() {
        return credentials;
    }

    public String remoteAddress() {
        return remoteAddress;
    }

    /** The resource the transport addressed (capability id, topic, message id), if any. */
    public String target() {
        return target;
    }

    public String query(String name) {
        return query.get(name);
    }

    public byte[] body() {
        return body;
    }

    public int bodySize() {
        return body == null ? 0 : body.length;
    }

    public ObjectNode request() {
        return request;
    }

    public void request(ObjectNode request) {
        this.request = request;
    }

    /** The invoke {@code payload}: an object; absent means empty. */
    public ObjectNode payload() {
        com.fasterxml.jackson.databind.JsonNode payload = request == null ? null : request.get("payload");
        if (payload == null || payload.isNull()) {
            ObjectNode empty = Json.object();
            if (request != null) {
                request.set("payload", empty);
            }
            return empty;
        }
        if (!payload.isObject()) {
            throw MigException.invalidField("payload", "must be an object");
        }
        return (ObjectNode) payload;
    }

    /** A string field of the request body; absent or empty is null, any other type is MIG_INVALID_REQUEST. */
    public String requestText(String field) {
        com.fasterxml.jackson.databind.JsonNode value = request == null ? null : request.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw MigException.invalidField(field, "must be a string");
        }
        return value.asText().isEmpty() ? null : value.asText();
    }

    public MigHeader header() {
        return header;
    }

    public void header(MigHeader header) {
        this.header = header;
    }

    public Principal principal() {
        return principal;
    }

    public void principal(Principal principal) {
        this.principal = principal;
    }

    public String tenant() {
        return header == null ? null : header.tenantId();
    }

    public CapabilityRegistration capability() {
        return capability;
    }

    public void capability(CapabilityRegistration capability) {
        this.capability = capability;
    }

    public ObjectNode result() {
        return result;
    }

    public void result(ObjectNode result) {
        this.result = result;
    }

    public boolean isReplayed() {
        return replayed;
    }

    public void replayed(boolean replayed) {
        this.replayed = replayed;
    }

    public ObjectNode response() {
        return response;
    }

    public void response(ObjectNode response) {
        this.response = response;
    }

    public io.migd.invoke.IdempotencyStore.Owner idempotencyClaim() {
        return idempotencyClaim;
    }

    public void idempotencyClaim(io.migd.invoke.IdempotencyStore.Owner claim) {
        this.idempotencyClaim = claim;
    }

    /** The subscription SUBSCRIBE opened; the binding streams it and closes it when the client goes. */
    public io.migd.events.Subscription subscription() {
        return subscription;
    }

    public void subscription(io.migd.events.Subscription subscription) {
        this.subscription = subscription;
    }

    /** The streaming connection this call came on (WebSocket, SSE invoke, gRPC bidi), or null for unary calls. */
    public io.migd.stream.StreamSession streamSession() {
        return streamSession;
    }

    public void streamSession(io.migd.stream.StreamSession session) {
        this.streamSession = session;
    }

    public String streamId() {
        return streamId;
    }

    public void streamId(String streamId) {
        this.streamId = streamId;
    }

    /** Frames collected for a transport that answers once; null for ordinary answers. */
    public java.util.List<ObjectNode> frames() {
        return frames;
    }

    public void frames(java.util.List<ObjectNode> frames) {
        this.frames = frames;
    }

    public boolean isCreated() {
        return created;
    }

    public void created(boolean created) {
        this.created = created;
    }
}
