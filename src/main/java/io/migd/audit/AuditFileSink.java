package io.migd.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The JSON-lines audit file ({@code MIGD_AUDIT_LOG_PATH}), appended across restarts, with group commit: one writer
 * thread takes every record queued so far, writes them with one {@code write(2)} (and, with {@code fsync}, forces them
 * to the device), and only then completes their futures. The gateway answers an invocation after its future
 * completes, so an acknowledged record is in the file even if the process is killed the next instant (and, with
 * fsync, even if the machine loses power).
 */
public final class AuditFileSink implements AuditSink {

    private static final Logger LOG = LoggerFactory.getLogger(AuditFileSink.class);
    private static final int MAX_QUEUED = 65_536;
    private static final int MAX_BATCH = 4_096;

    private record Pending(byte[] line, CompletableFuture<Void> written) {
    }

    private final Path path;
    private final FileChannel channel;
    private final boolean fsync;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(MAX_QUEUED);
    private final Thread writer;
    private volatile boolean closing;

    private AuditFileSink(Path path, FileChannel channel, boolean fsync) {
        this.path = path;
        this.channel = channel;
        this.fsync = fsync;
        this.writer = new Thread(this::drain, "migd-audit-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Opens (or creates) the file for appending; a torn last line from a crash is closed off first. */
    public static AuditFileSink open(Path path, boolean fsync) throws IOException {
        boolean tornLine = false;
        if (Files.isRegularFile(path) && Files.size(path) > 0) {
            try (FileChannel read = FileChannel.open(path, StandardOpenOption.READ)) {
                ByteBuffer last = ByteBuffer.allocate(1);
                read.read(last, read.size() - 1);
                tornLine = last.get(0) != '\n';
            }
        }
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        if (tornLine) {
            channel.write(ByteBuffer.wrap(new byte[] {'\n'}));
        }
        return new AuditFileSink(path, channel, fsync);
    }

    /** Queues one line (without its newline); the future completes once it is written (and forced, with fsync). */
    @Override
    public CompletableFuture<Void> append(byte[] line) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        if (closing) {
            written.completeExceptionally(new IOException("the audit file is closed"));
        } else if (!queue.offer(new Pending(line, written))) {
            written.completeExceptionally(new IOException("the audit writer is " + MAX_QUEUED + " records behind"));
        }
        return written;
    }

    public Path path() {
        return path;
    }

    private void drain() {
        List<Pending> batch = new ArrayList<>();
        while (!closing || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Pending> batch) {
        int size = 0;
        for (Pending p : batch) {
            size += p.line().length + 1;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        for (Pending p : batch) {
            buffer.put(p.line()).put((byte) '\n');
        }
        buffer.flip();
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            if (fsync) {
                channel.force(false);
            }
            batch.forEach(p -> p.written().complete(null));
        } catch (IOException e) {
            LOG.error("could not append {} audit records to {}", batch.size(), path, e);
            batch.forEach(p -> p.written().completeExceptionally(e));
        }
    }

    /** Writes what is queued, then closes the file. */
    @Override
    public void close() throws IOException {
        closing = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        channel.close();
    }
}
