package io.migd.binding.http.sse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One SSE frame's bytes, made once and written to many streams (an event fanned out to its subscribers, the
 * keepalive comment). They are held as one HTTP/1.1 chunk ({@code <size hex>\r\n<frame>\r\n}) in direct memory, so a
 * write costs neither an encoding nor a copy; the memory is freed by the JDK once nothing refers to the frame.
 */
final class SharedFrame {

    /** the whole chunk; unreleasable, so the writes' releases never free it; each write takes a duplicate */
    private final ByteBuf chunk;
    /** the frame alone, for writes through Vert.x's response (which frames the chunk itself) */
    private final Buffer frame;

    private SharedFrame(ByteBuf chunk, Buffer frame) {
        this.chunk = chunk;
        this.frame = frame;
    }

    static SharedFrame of(byte[] frame) {
        byte[] size = (Integer.toHexString(frame.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer direct = ByteBuffer.allocateDirect(size.length + frame.length + 2);
        direct.put(size).put(frame).put((byte) '\r').put((byte) '\n').flip();
        ByteBuf chunk = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(direct));
        return new SharedFrame(chunk, Buffer.buffer(chunk.slice(size.length, frame.length)));
    }

    static SharedFrame of(String frame) {
        return of(frame.getBytes(StandardCharsets.UTF_8));
    }

    /** The encoded chunk for one write (its own indices over the shared bytes). */
    ByteBuf chunk() {
        return chunk.duplicate();
    }

    /** The frame for {@code HttpServerResponse.write} (Vert.x writes a slice of it per response). */
    Buffer frame() {
        return frame;
    }
}
