package io.migd.cloud;

import io.migd.envelope.MigErrorCode;
import io.migd.envelope.MigException;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Cloud plane's in-memory records: organisations, tenants (each in an org) and gateways (each for a tenant).
 * Every record remembers the tenant of the admin who created it ({@code owner}, null in open mode) so that in JWT mode
 * one tenant's admin never sees or builds on another's records. Bounded; beyond the bound creation is refused.
 */
public final class CloudDirectory {

    public record Org(String id, String name, String owner) {
    }

    public record Tenant(String id, String orgId, String name, String owner) {
    }

    public record Gateway(String id, String tenantId, String region, String binding, String owner) {
    }

    private final int maxEntries;
    private final Map<String, Org> orgs = new ConcurrentHashMap<>();
    private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();
    private final Map<String, Gateway> gateways = new ConcurrentHashMap<>();

    public CloudDirectory(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    public Org createOrg(String name, String owner) {
        room(orgs);
        Org org = new Org(newId("org"), name, owner);
        orgs.put(org.id(), org);
        return org;
    }

    /** The org, when it exists and {@code viewer} may see it (null viewer: open mode, sees all). */
    public Optional<Org> org(String id, String viewer) {
        return Optional.ofNullable(orgs.get(id)).filter(o -> visible(o.owner(), viewer));
    }

    /** @param id the tenant id to create, or null for a generated one */
    public Tenant createTenant(String id, String orgId, String name, String owner) {
        room(tenants);
        Tenant tenant = new Tenant(id != null ? id : newId("tenant"), orgId, name, owner);
        if (tenants.putIfAbsent(tenant.id(), tenant) != null) {
            throw new MigException(MigErrorCode.MIG_INVALID_REQUEST, "tenant " + tenant.id() + " already exists",
                    Map.of("field", "tenant_id"), MigException.Refinement.CONFLICT);
        }
        return tenant;
    }

    public Optional<Tenant> tenant(String id, String viewer) {
        return Optional.ofNullable(tenants.get(id)).filter(t -> visible(t.owner(), viewer));
    }

    public Gateway createGateway(String tenantId, String region, String binding, String owner) {
        room(gateways);
        Gateway gateway = new Gateway(newId("gw"), tenantId, region, binding, owner);
        gateways.put(gateway.id(), gateway);
        return gateway;
    }

    private static boolean visible(String owner, String viewer) {
        return viewer == null || owner == null || owner.equals(viewer);
    }

    private void room(Map<String, ?> records) {
        if (records.size() >= maxEntries) {
            throw new MigException(MigErrorCode.MIG_RATE_LIMITED, "the cloud directory holds at most " + maxEntries
                    + " records of this kind", Map.of("max_entries", maxEntries));
        }
    }

    private static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }
}
