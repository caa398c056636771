package io.migd.usage;

import io.migd.envelope.MigErrorCode;
import io.migd.envelope.MigException;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-tenant invocation quotas (mig-spec §9, {@code POST /pro/v0.1/quotas}). A quota bounds the tenant's successful
 * executions as {@link UsageCounters} counts them. An invocation reserves one execution before its provider runs and
 * gives the reservation back when its outcome is known (a success has then been counted as usage), so concurrent
 * calls cannot overrun the quota: the call after the quota is used is refused with MIG_RATE_LIMITED.
 */
public final class Quotas {

    /** A reserved execution; released exactly once when the invocation's outcome is known. */
    public interface Permit {
        void release();
    }

    private static final Permit UNLIMITED = () -> { };

    private final UsageCounters usage;
    private final Map<String, Quota> quotas = new ConcurrentHashMap<>();

    public Quotas(UsageCounters usage) {
        this.usage = usage;
    }

    public void set(String tenant, long maxInvocations) {
        quotas.compute(tenant, (t, existing) -> {
            if (existing == null) {
                return new Quota(maxInvocations);
            }
            existing.max = maxInvocations;
            return existing;
        });
    }

    /** The tenant's quota, or -1 when it has none. */
    public long limit(String tenant) {
        Quota quota = quotas.get(tenant);
        return quota == null ? -1 : quota.max;
    }

    /** True when the tenant may start another execution now. */
    public boolean hasRoom(String tenant) {
        Quota quota = quotas.get(tenant);
        if (quota == null) {
            return true;
        }
        synchronized (quota) {
            return usage.executions(tenant) + quota.reserved < quota.max;
        }
    }

    /** Reserves one execution for {@code tenant}, or refuses with MIG_RATE_LIMITED when the quota is used up. */
    public Permit acquire(String tenant) {
        Quota quota = quotas.get(tenant);
        if (quota == null) {
            return UNLIMITED;
        }
        synchronized (quota) {
            long used = usage.executions(tenant);
            if (used + quota.reserved >= quota.max) {
                throw new MigException(MigErrorCode.MIG_RATE_LIMITED, "the tenant's invocation quota is used up",
                        Map.of("max_invocations", quota.max, "used", used));
            }
            quota.reserved++;
        }
        return new Reservation(quota);
    }

    private static final class Quota {
        volatile long max;
        long reserved;

        Quota(long max) {
            this.max = max;
        }
    }

    private static final class Reservation implements Permit {
        private final Quota quota;
        private boolean released;

        Reservation(Quota quota) {
            this.quota = quota;
        }

        @Override
        public void release() {
            synchronized (quota) {
                if (!released) {
                    released = true;
                    quota.reserved--;
                }
            }
        }
    }
}
