package io.migd.invoke;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migd.envelope.MigHeader;

/** What a provider is asked to do: run {@code capability} on {@code payload} within {@code timeoutMs}. */
public record ProviderRequest(String capability, ObjectNode payload, MigHeader header, String actor, long timeoutMs) {
}
