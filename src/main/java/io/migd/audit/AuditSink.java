package io.migd.audit;

import java.util.concurrent.CompletableFuture;

/** A durable destination for audit lines; {@link #append} completes once the line is as durable as promised. */
public interface AuditSink extends AutoCloseable {

    /** Appends one JSON line (without its newline). */
    CompletableFuture<Void> append(byte[] line);
}
