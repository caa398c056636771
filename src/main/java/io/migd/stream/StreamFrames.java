package io.migd.stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migd.envelope.Json;
import io.migd.envelope.MigCall;
import io.migd.envelope.MigErrors;
import io.migd.envelope.MigException;
import io.migd.envelope.StampResponseHeaderProcessor;

/** Builds the StreamFrame JSON of mig-spec §6. */
public final class StreamFrames {

    public static final String REQUEST = "request";
    public static final String RESPONSE = "response";
    public static final String EVENT = "event";
    public static final String CONTROL = "control";
    public static final String ERROR = "error";

    private StreamFrames() {
    }

    public static ObjectNode response(MigCall call, String streamId, String capability, ObjectNode payload,
                                      boolean endStream) {
        ObjectNode frame = base(call, streamId, capability, RESPONSE);
        frame.set("payload", payload == null ? Json.object() : payload);
        frame.put("end_stream", endStream);
        return frame;
    }

    public static ObjectNode control(MigCall call, String streamId, ObjectNode payload) {
        ObjectNode frame = base(call, streamId, null, CONTROL);
        frame.set("payload", payload);
        frame.put("end_stream", false);
        return frame;
    }

    public static ObjectNode error(MigCall call, String streamId, String capability, MigException error) {
        ObjectNode frame = base(call, streamId, capability, ERROR);
        frame.put("end_stream", true);
        frame.set("error", MigErrors.envelope(call, error).get("error"));
        return frame;
    }

    private static ObjectNode base(MigCall call, String streamId, String capability, String kind) {
        ObjectNode frame = Json.object();
        frame.set("header", StampResponseHeaderProcessor.responseHeader(call));
        if (streamId != null) {
            frame.put("stream_id", streamId);
        }
        if (capability != null) {
            frame.put("capability", capability);
        }
        frame.put("kind", kind);
        return frame;
    }
}
