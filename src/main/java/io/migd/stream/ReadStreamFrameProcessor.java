package io.migd.stream;

import io.migd.envelope.MigCall;
import io.migd.envelope.MigException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.Locale;

/**
 * Reads a StreamFrame's kind and stream id (mig-spec §6); the kind goes to the exchange property
 * {@link #KIND_PROPERTY} for the operation route to branch on. Only {@code request} and {@code control} may come
 * from a client.
 */
public final class ReadStreamFrameProcessor implements Processor {

    public static final String KIND_PROPERTY = "migdFrameKind";
    private static final int MAX_STREAM_ID_LENGTH = 128;

    @Override
    public void process(Exchange exchange) {
        MigCall call = MigCall.of(exchange);
        String streamId = call.requestText("stream_id");
        if (streamId == null) {
            streamId = "stream-" + call.header().messageId();
        }
        if (streamId.length() > MAX_STREAM_ID_LENGTH || streamId.chars().anyMatch(Character::isISOControl)) {
            throw MigException.invalidField("stream_id", "at most " + MAX_STREAM_ID_LENGTH
                    + " characters, no control characters");
        }
        call.streamId(streamId);
        String kind = call.requestText("kind");
        String normalised = kind == null ? "" : kind.toLowerCase(Locale.ROOT).replace("frame_kind_", "");
        if (!StreamFrames.REQUEST.equals(normalised) && !StreamFrames.CONTROL.equals(normalised)) {
            throw MigException.invalidField("kind", "a client sends 'request' or 'control' frames");
        }
        exchange.setProperty(KIND_PROPERTY, normalised);
    }
}
