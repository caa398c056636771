package io.migd.connections;

import io.migd.envelope.MigHeader;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's active long-lived connections. Streaming bindings register on open and the returned handle
 * removes the entry on close, whichever way the connection ends.
 */
public final class ConnectionRegistry {

    /** Removes its connection from the registry; closing twice is harmless. */
    public interface Registration extends AutoCloseable {
        Connection connection();

        @Override
        void close();
    }

    private final Map<String, Connection> active = new ConcurrentHashMap<>();

    public Registration open(String protocol, String kind, String tenantId, String actor, String remoteAddr,
                             Map<String, String> meta) {
        String id = "conn-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Connection connection = new Connection(id, protocol, kind, tenantId, actor, remoteAddr, MigHeader.now(),
                Map.copyOf(meta));
        active.put(id, connection);
        return new Registration() {
            @Override
            public Connection connection() {
                return connection;
            }

            @Override
            public void close() {
                active.remove(id);
            }
        };
    }

    /** Active connections matching every given filter (null or empty = any), oldest first. */
    public List<Connection> list(String tenantId, String kind, String protocol) {
        return active.values().stream()
                .filter(c -> matches(tenantId, c.tenantId()))
                .filter(c -> matches(kind, c.kind()))
                .filter(c -> matches(protocol, c.protocol()))
                .sorted(Comparator.comparing(Connection::startedAt).thenComparing(Connection::id))
                .toList();
    }

    /** Active connections of one kind. */
    public long count(String kind) {
        return active.values().stream().filter(c -> kind.equals(c.kind())).count();
    }

    public int size() {
        return active.size();
    }

    private static boolean matches(String filter, String value) {
        return filter == null || filter.isEmpty() || filter.equals(value);
    }
}
