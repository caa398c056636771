package io.migd.pro;

import io.migd.auth.Principal;
import io.migd.capability.CapabilityDescriptor;
import io.migd.capability.CapabilityRegistration;
import io.migd.capability.CapabilityRegistry;
import io.migd.envelope.MigException;
import io.migd.usage.Quotas;

import java.util.List;
import java.util.Optional;

/**
 * {@code POST /pro/v0.1/policies/validate}: would {@code action} on {@code capability} be allowed for a tenant, asked
 * by this principal? The same rules the invocation path enforces, evaluated without running anything: the capability
 * is registered, the principal holds one of its scopes, it offers the mode the action needs and has a provider, and
 * the tenant's quota has room.
 */
public final class PolicyEvaluator {

    /** The actions a policy question may name. */
    public static final List<String> ACTIONS = List.of("discover", "invoke", "stream");

    public record Decision(boolean allowed, String reason) {
    }

    private final CapabilityRegistry capabilities;
    private final Quotas quotas;

    public PolicyEvaluator(CapabilityRegistry capabilities, Quotas quotas) {
        this.capabilities = capabilities;
        this.quotas = quotas;
    }

    public Decision evaluate(Principal principal, String tenant, String capabilityId, String action) {
        if (!ACTIONS.contains(action)) {
            throw MigException.invalidField("action", "must be one of " + ACTIONS);
        }
        Optional<CapabilityRegistration> found = capabilities.find(capabilityId);
        if (found.isEmpty()) {
            return new Decision(false, "unknown capability " + capabilityId);
        }
        CapabilityRegistration capability = found.get();
        CapabilityDescriptor descriptor = capability.descriptor();
        if (!principal.holdsAnyOf(descriptor.authScopes())) {
            return new Decision(false, "missing scope: one of " + descriptor.authScopes() + " is required");
        }
        if (action.equals("discover")) {
            return new Decision(true, "capability is visible");
        }
        if (action.equals("stream") && !descriptor.offers(CapabilityDescriptor.SERVER_STREAM)) {
            return new Decision(false, "capability does not offer server_stream");
        }
        if (capability.provider() == null) {
            return new Decision(false, "no provider bound");
        }
        if (!quotas.hasRoom(tenant)) {
            return new Decision(false, "quota exhausted: " + quotas.limit(tenant) + " invocations used");
        }
        return new Decision(true, quotas.limit(tenant) < 0 ? "allowed" : "allowed within quota of "
                + quotas.limit(tenant) + " invocations");
    }
}
