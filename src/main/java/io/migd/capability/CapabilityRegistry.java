package io.migd.capability;

import io.migd.auth.Principal;
import io.migd.envelope.MigErrorCode;
import io.migd.envelope.MigException;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Every capability the gateway offers, fed by YAML declarations under routes/ and by the admin API. */
public final class CapabilityRegistry {

    private final Map<String, CapabilityRegistration> byId = new ConcurrentHashMap<>();

    /** Adds a capability declared in a route file; later declarations of the same id replace earlier ones. */
    public void declare(CapabilityRegistration registration) {
        byId.put(registration.id(), registration);
    }

    /**
     * Adds or replaces a capability through the admin API. A capability declared in routes/ belongs to the route
     * files and cannot be replaced at run time.
     *
     * @return true when the id was new
     */
    public boolean register(CapabilityRegistration registration) {
        CapabilityRegistration[] previous = new CapabilityRegistration[1];
        byId.compute(registration.id(), (id, existing) -> {
            if (existing != null && CapabilityRegistration.FROM_ROUTES.equals(existing.source())) {
                throw new MigException(MigErrorCode.MIG_INVALID_REQUEST,
                        "capability " + id + " is declared in routes/ and cannot be replaced through the admin API",
                        Map.of("field", "descriptor.id"), MigException.Refinement.CONFLICT);
            }
            previous[0] = existing;
            return registration;
        });
        return previous[0] == null;
    }

    public Optional<CapabilityRegistration> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Capabilities the principal may see, whose id contains {@code query} (when given), sorted by id. */
    public List<CapabilityRegistration> visibleTo(Principal principal, String query) {
        return byId.values().stream()
                .filter(r -> query == null || query.isEmpty() || r.id().contains(query))
                .filter(r -> principal == null || principal.holdsAnyOf(r.descriptor().authScopes()))
                .sorted(Comparator.comparing(CapabilityRegistration::id))
                .toList();
    }

    public List<CapabilityRegistration> all() {
        return visibleTo(null, null);
    }

    public int size() {
        return byId.size();
    }
}
