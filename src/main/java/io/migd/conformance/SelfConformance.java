package io.migd.conformance;

import io.migd.auth.Principal;
import io.migd.capability.CapabilityRegistry;
import io.migd.config.MigdSettings;
import io.migd.connections.ConnectionRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The gateway runs the {@link ConformanceSuite} against its own HTTP port — the same checks as the
 * {@code mig-conformance} runner, over the real transports — so that conformance health says what is passing, not only
 * what is configured. Runs are lazy: when health is asked for and the last run is older than
 * {@code MIGD_CONFORMANCE_MAX_AGE_MS} (0 disables self-checks). They run as tenant {@code MIGD_CONFORMANCE_TENANT} and
 * show up in its audit and usage like any client's calls.
 */
public final class SelfConformance {

    private static final Logger LOG = LoggerFactory.getLogger(SelfConformance.class);
    private static final long RUN_TIMEOUT_MS = 60_000;
    private static final long TOKEN_TTL_MS = 300_000;

    private record Snapshot(long finishedAt, Map<String, Boolean> levels, List<CheckResult> results) {
    }

    private static final long DRAIN_MS = 2_000;

    private final MigdSettings settings;
    private final CapabilityRegistry capabilities;
    private final ConnectionRegistry connections;
    private volatile Snapshot latest;
    private CompletableFuture<Snapshot> running;

    public SelfConformance(MigdSettings settings, CapabilityRegistry capabilities, ConnectionRegistry connections) {
        this.settings = settings;
        this.capabilities = capabilities;
        this.connections = connections;
    }

    public boolean enabled() {
        return settings.conformanceMaxAgeMs() > 0;
    }

    /** Which levels pass, from a run at most max-age old (running one now, and waiting for it, if needed). */
    public Map<String, Boolean> passing() {
        Snapshot snapshot = latest;
        if (snapshot == null || System.currentTimeMillis() - snapshot.finishedAt() > settings.conformanceMaxAgeMs()) {
            try {
                snapshot = start().get(RUN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.warn("conformance self-check did not finish: {}", e.toString());
            }
        }
        return snapshot == null ? Map.of() : snapshot.levels();
    }

    private synchronized CompletableFuture<Snapshot> start() {
        if (running == null || running.isDone()) {
            running = CompletableFuture.supplyAsync(this::runOnce, task -> {
                Thread thread = new Thread(task, "migd-conformance-self-check");
                thread.setDaemon(true);
                thread.start();
            });
        }
        return running;
    }

    private Snapshot runOnce() {
        String host = settings.httpHost();
        if (host.equals("0.0.0.0") || host.equals("::") || host.isEmpty()) {
            host = "127.0.0.1";
        }
        URI base = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + settings.httpPort()
                + "/");
        String tenant = settings.conformanceTenant();
        String token = "jwt".equals(settings.authMode())
                ? SelfCheckToken.mint(settings.jwtSecret(), tenant, scopes(), TOKEN_TTL_MS) : null;
        List<CheckResult> results;
        try (MigHttp http = new MigHttp(base, tenant, token)) {
            results = ConformanceSuite.run(new RunContext(http, RunContext.DEMO_CAPABILITY,
                    (com.fasterxml.jackson.databind.node.ObjectNode) MigHttp.JSON.readTree(RunContext.DEMO_PAYLOAD)),
                    r -> { });
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        awaitConnectionsClosed(tenant);
        results.stream().filter(r -> r.status() == CheckResult.Status.FAIL)
                .forEach(r -> LOG.warn("conformance self-check: {}", r.line()));
        Snapshot snapshot = new Snapshot(System.currentTimeMillis(), ConformanceSuite.levels(results), results);
        latest = snapshot;
        return snapshot;
    }

    /** A run leaves nothing behind: its SSE and WebSocket connections are gone from the registry when it returns. */
    private void awaitConnectionsClosed(String tenant) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MS);
        while (!connections.list(tenant, null, null).isEmpty() && System.nanoTime() < deadline) {
            try {
                TimeUnit.MILLISECONDS.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Enough to see and invoke every capability, and the admin scope. */
    private List<String> scopes() {
        TreeSet<String> scopes = new TreeSet<>();
        scopes.add(Principal.ADMIN_SCOPE);
        capabilities.all().forEach(c -> scopes.addAll(c.descriptor().authScopes()));
        return List.copyOf(scopes);
    }

    /** The results of the latest run (for diagnostics), oldest check first. */
    public List<CheckResult> latestResults() {
        Snapshot snapshot = latest;
        return snapshot == null ? List.of() : snapshot.results();
    }
}
