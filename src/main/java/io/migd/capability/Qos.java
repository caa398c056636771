package io.migd.capability;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Set;

/** A capability's QoS profile (mig-spec §4). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Qos(
        @JsonProperty("max_payload_bytes") Long maxPayloadBytes,
        @JsonProperty("supports_replay") Boolean supportsReplay,
        @JsonProperty("delivery_semantics") String deliverySemantics,
        @JsonProperty("supports_ordering") Boolean supportsOrdering) {

    public static final Set<String> DELIVERY_SEMANTICS = Set.of("at_least_once", "exactly_once", "best_effort");
}
