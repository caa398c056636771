package io.migd.capability;

import io.migd.invoke.CapabilityProvider;

/**
 * A capability known to the gateway: its descriptor, the provider that does the work (null when none is bound),
 * where it came from ({@code routes} or {@code admin}) and the provider endpoint as configured.
 */
public record CapabilityRegistration(CapabilityDescriptor descriptor, CapabilityProvider provider, String source,
                                     String endpoint) {

    public static final String FROM_ROUTES = "routes";
    public static final String FROM_ADMIN = "admin";

    public String id() {
        return descriptor.id();
    }
}
