package io.migd.envelope;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns any failure into the MIG error envelope of mig-spec §2; unexpected ones become MIG_INTERNAL, logged here. */
public final class MigErrors {

    private static final Logger LOG = LoggerFactory.getLogger(MigErrors.class);

    private MigErrors() {
    }

    public static MigException toMig(Throwable failure) {
        Throwable cause = io.migd.invoke.ProviderFailures.unwrap(failure);
        if (cause instanceof MigException mig) {
            return mig;
        }
        if (cause instanceof org.apache.camel.component.direct.DirectConsumerNotAvailableException) {
            // an operator stopped the route (developer console, JMX): unavailable, not a bug
            return new MigException(MigErrorCode.MIG_UNAVAILABLE, "this operation is stopped on this gateway");
        }
        LOG.error("unexpected failure, answered as MIG_INTERNAL", cause);
        return new MigException(MigErrorCode.MIG_INTERNAL, "internal error");
    }

    public static ObjectNode envelope(MigCall call, MigException error) {
        ObjectNode out = Json.object();
        out.set("header", StampResponseHeaderProcessor.responseHeader(call));
        ObjectNode body = out.putObject("error");
        body.put("code", error.code().name());
        body.put("message", error.getMessage());
        body.put("retryable", error.code().retryable());
        body.set("details", Json.mapper().valueToTree(error.details()));
        return out;
    }
}
