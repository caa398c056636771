package io.migd.usage;

import io.migd.envelope.MigErrorCode;
import io.migd.envelope.MigException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuotasTest {

    @Test
    void concurrentCallsCannotOverrunTheQuota() throws Exception {
        UsageCounters usage = new UsageCounters();
        Quotas quotas = new Quotas(usage);
        quotas.set("acme", 10);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger granted = new AtomicInteger();
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            calls.add(pool.submit(() -> {
                go.await();
                try {
                    Quotas.Permit permit = quotas.acquire("acme");
                    granted.incrementAndGet();
                    usage.recordExecution("acme", "cap");
                    permit.release();
                } catch (MigException e) {
                    assertEquals(MigErrorCode.MIG_RATE_LIMITED, e.code());
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> call : calls) {
            call.get();
        }
        pool.shutdown();
        assertEquals(10, granted.get());
        assertEquals(10, usage.executions("acme"));
    }

    @Test
    void aFailedCallGivesItsReservationBackAndOtherTenantsAreUnlimited() {
        UsageCounters usage = new UsageCounters();
        Quotas quotas = new Quotas(usage);
        quotas.set("acme", 1);
        Quotas.Permit failed = quotas.acquire("acme");
        assertThrows(MigException.class, () -> quotas.acquire("acme"));
        failed.release();
        failed.release();
        assertTrue(quotas.hasRoom("acme"));
        quotas.acquire("acme");
        for (int i = 0; i < 100; i++) {
            quotas.acquire("globex");
        }
        assertEquals(-1, quotas.limit("globex"));
    }

    @Test
    void usageIsPerTenantAndPerCapability() {
        UsageCounters usage = new UsageCounters();
        usage.recordExecution("acme", "a.b");
        usage.recordExecution("acme", "a.c");
        usage.recordExecution("globex", "a.b");
        UsageCounters.Usage all = usage.snapshot(null);
        assertEquals(3, all.totalInvocations());
        assertEquals(2L, all.capabilityInvocations().get("a.b"));
        UsageCounters.Usage acme = usage.snapshot("acme");
        assertEquals(2, acme.totalInvocations());
        assertEquals(1L, acme.capabilityInvocations().get("a.b"));
        assertEquals(java.util.Set.of("acme"), acme.tenantInvocations().keySet());
    }
}
