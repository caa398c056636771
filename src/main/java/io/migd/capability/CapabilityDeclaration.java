package io.migd.capability;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A capability declared in a route file, as a bean in its {@code beans:} section:
 *
 * <pre>
 * - beans:
 *     - name: observatory.models.infer
 *       type: io.migd.capability.CapabilityDeclaration
 *       properties:
 *         id: observatory.models.infer
 *         modes: [unary, server_stream]
 *         provider: direct:cap-observatory-models-infer
 * </pre>
 *
 * List properties take a YAML list or a comma-separated string. {@code provider} is any Camel endpoint URI; when
 * absent, the capability is listed but invoking it answers MIG_UNAVAILABLE.
 */
public class CapabilityDeclaration {

    private String id;
    private String version;
    private List<String> modes;
    private String inputSchemaUri;
    private String outputSchemaUri;
    private List<String> eventTopics;
    private List<String> authScopes;
    private final QosDeclaration qos = new QosDeclaration();
    private String provider;
    private String streamProvider;
    private boolean nonBlocking;

    public CapabilityDescriptor toDescriptor() {
        return new CapabilityDescriptor(id, version, modes, inputSchemaUri, outputSchemaUri, eventTopics, authScopes,
                qos.isEmpty() ? null : qos.toQos()).validated();
    }

    static List<String> listOf(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof Collection<?> c) {
            return c.stream().map(String::valueOf).map(String::trim).toList();
        }
        String text = value.toString().trim();
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1);
        }
        return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getVersion() {
        return version;
    }

    public void setVersion(String version) {
        this.version = version;
    }

    public void setModes(Object modes) {
        this.modes = listOf(modes);
    }

    public void setInputSchemaUri(String inputSchemaUri) {
        this.inputSchemaUri = inputSchemaUri;
    }

    public void setOutputSchemaUri(String outputSchemaUri) {
        this.outputSchemaUri = outputSchemaUri;
    }

    public void setEventTopics(Object eventTopics) {
        this.eventTopics = listOf(eventTopics);
    }

    public List<String> getEventTopics() {
        return eventTopics == null ? List.of() : eventTopics;
    }

    public void setAuthScopes(Object authScopes) {
        this.authScopes = listOf(authScopes);
    }

    public QosDeclaration getQos() {
        return qos;
    }

    public void setQos(Map<String, Object> values) {
        qos.apply(values);
    }

    public String getProvider() {
        return provider;
    }

    public void setProvider(String provider) {
        this.provider = provider;
    }

    /** The route that answers server_stream invocations with several frames (its {@code mig-frame:} steps). */
    public String getStreamProvider() {
        return streamProvider;
    }

    public void setStreamProvider(String streamProvider) {
        this.streamProvider = streamProvider;
    }

    public boolean isNonBlocking() {
        return nonBlocking;
    }

    /**
     * True when the provider routes never block (no blocking I/O, no waiting): they then run on the thread that
     * received the call, usually an event loop. False (the default) runs them on the worker pool
     * ({@code MIGD_HTTP_WORKER_THREADS}), so a blocking step cannot stall the connections of an event loop.
     */
    public void setNonBlocking(boolean nonBlocking) {
        this.nonBlocking = nonBlocking;
    }

    /** The {@code qos} block of a declaration. */
    public static class QosDeclaration {
        private Long maxPayloadBytes;
        private Boolean supportsReplay;
        private String deliverySemantics;
        private Boolean supportsOrdering;

        void apply(Map<String, Object> values) {
            values.forEach((key, value) -> {
                String v = String.valueOf(value);
                switch (key.replace("_", "").replace("-", "").toLowerCase()) {
                    case "maxpayloadbytes" -> maxPayloadBytes = Long.valueOf(v);
                    case "supportsreplay" -> supportsReplay = Boolean.valueOf(v);
                    case "deliverysemantics" -> deliverySemantics = v;
                    case "supportsordering" -> supportsOrdering = Boolean.valueOf(v);
                    default -> throw new IllegalArgumentException("unknown qos property '" + key + "'");
                }
            });
        }

        boolean isEmpty() {
            return maxPayloadBytes == null && supportsReplay == null && deliverySemantics == null
                    && supportsOrdering == null;
        }

        Qos toQos() {
            return new Qos(maxPayloadBytes, supportsReplay, deliverySemantics, supportsOrdering);
        }

        public void setMaxPayloadBytes(Long maxPayloadBytes) {
            this.maxPayloadBytes = maxPayloadBytes;
        }

        public void setSupportsReplay(Boolean supportsReplay) {
            this.supportsReplay = supportsReplay;
        }

        public void setDeliverySemantics(String deliverySemantics) {
            this.deliverySemantics = deliverySemantics;
        }

        public void setSupportsOrdering(Boolean supportsOrdering) {
            this.supportsOrdering = supportsOrdering;
        }
    }
}
