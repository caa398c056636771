package io.migd.auth;

import java.util.Collection;
import java.util.Set;

/** Who is calling: subject, the tenant the credentials bind it to (may be null) and its scopes. */
public record Principal(String subject, String tenant, Set<String> scopes, boolean allScopes) {

    public static final String ANONYMOUS = "anonymous";
    public static final String ADMIN_SCOPE = "mig:admin";

    public static Principal anonymous(String tenant) {
        return new Principal(ANONYMOUS, tenant, Set.of(), true);
    }

    /** True when the principal may use something guarded by {@code required} (empty = unguarded). */
    public boolean holdsAnyOf(Collection<String> required) {
        if (allScopes || required == null || required.isEmpty()) {
            return true;
        }
        for (String scope : required) {
            if (scopes.contains(scope)) {
                return true;
            }
        }
        return false;
    }

    public boolean holds(String scope) {
        return allScopes || scopes.contains(scope);
    }
}
