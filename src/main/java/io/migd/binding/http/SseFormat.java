package io.migd.binding.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** One Server-Sent Events frame: {@code id:}, {@code event:}, {@code data:} (compact JSON has no newlines). */
public final class SseFormat {

    private SseFormat() {
    }

    public static byte[] frame(long id, String event, byte[] json) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length + 48);
        out.writeBytes(("id: " + id + "\nevent: " + event + "\ndata: ").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(json);
        out.writeBytes("\n\n".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
