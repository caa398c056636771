package io.migd.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The fan-out's PUBLISH client: HTTP/1.1 on one kept-alive blocking socket, no client library in between. The request
 * is written first and its answer read after the deliveries have been waited for, so one thread does both and the
 * answer's timing does not disturb the delivery measurement.
 *
 * <p>The bench used a Vert.x {@code HttpClient} here; about one run in three, one publish to the raw baseline got no
 * answer although every subscriber had the event, so the client is now as plain as the subscribers'.
 */
final class Publisher implements AutoCloseable {

    private final InetSocketAddress address;
    private Socket socket;
    private InputStream in;

    Publisher(int port) {
        this.address = new InetSocketAddress("127.0.0.1", port);
    }

    /** Writes {@code POST path} with a JSON body (connecting first when there is no open connection). */
    void send(String path, String json) throws IOException {
        if (socket == null || socket.isClosed()) {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(address, 5_000);
            in = new BufferedInputStream(socket.getInputStream());
        }
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\nHost: " + address.getHostString() + ":" + address.getPort()
                + "\r\nX-Tenant-ID: bench\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    /** Reads the answer to the last request: its status, or an IOException saying what was missing. */
    int awaitStatus(long timeoutMillis) throws IOException {
        try {
            socket.setSoTimeout((int) Math.max(1, timeoutMillis));
            String status = line();
            if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
                throw new IOException("not an HTTP/1.1 status line: " + status);
            }
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    close = true;
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0;
                        size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                    skip(size);
                    line();
                }
                line();
            } else if (length > 0) {
                skip(length);
            }
            if (close) {
                close();
            }
            return Integer.parseInt(status.substring(9, 12));
        } catch (SocketTimeoutException e) {
            close();
            throw new IOException("no answer within " + timeoutMillis + " ms", e);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the server closed the connection");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            long skipped = in.skip(n);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new IOException("the server closed the connection mid-body");
                }
                skipped = 1;
            }
            n -= skipped;
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
        }
    }
}
