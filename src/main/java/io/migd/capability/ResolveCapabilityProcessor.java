package io.migd.capability;

import io.migd.auth.AuthDecisions;
import io.migd.auth.Principal;
import io.migd.envelope.Identifiers;
import io.migd.envelope.MigCall;
import io.migd.envelope.MigErrorCode;
import io.migd.envelope.MigException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.Map;

/**
 * Finds the capability an INVOKE addresses and checks that the caller may use it in the requested mode.
 * The transport's target (the path's capability) and the body's {@code capability} must agree when both are given.
 */
public final class ResolveCapabilityProcessor implements Processor {

    private final CapabilityRegistry registry;
    private final AuthDecisions decisions;

    public ResolveCapabilityProcessor(CapabilityRegistry registry, AuthDecisions decisions) {
        this.registry = registry;
        this.decisions = decisions;
    }

    @Override
    public void process(Exchange exchange) {
        MigCall call = MigCall.of(exchange);
        String fromBody = call.requestText("capability");
        String id = call.target() != null ? call.target() : fromBody;
        if (id == null) {
            throw MigException.invalidField("capability", "is required");
        }
        if (fromBody != null && !fromBody.equals(id)) {
            throw MigException.invalidField("capability", "does not match the capability addressed by the request");
        }
        Identifiers.requireCapabilityId(id, "capability");
        CapabilityRegistration registration = registry.find(id).orElseThrow(() -> new MigException(
                MigErrorCode.MIG_UNSUPPORTED_CAPABILITY, "unknown capability " + id, Map.of("capability", id)));
        Principal principal = call.principal();
        if (!principal.holdsAnyOf(registration.descriptor().authScopes())) {
            decisions.deny(principal.subject(), call.tenant(), id, AuthDecisions.Reason.MISSING_SCOPE);
            throw new MigException(MigErrorCode.MIG_FORBIDDEN, "missing a scope required by " + id,
                    Map.of("capability", id, "required_scopes", registration.descriptor().authScopes(),
                            "reason", "missing_scope"));
        }
        decisions.allow(principal.subject(), call.tenant(), id,
                principal.allScopes() ? AuthDecisions.Reason.OPEN_MODE : AuthDecisions.Reason.SCOPE_HELD);
        String mode = requestedMode(call);
        if (mode == null) {
            mode = registration.descriptor().offers(CapabilityDescriptor.SERVER_STREAM)
                    ? CapabilityDescriptor.SERVER_STREAM : CapabilityDescriptor.UNARY;
        }
        if (!registration.descriptor().offers(mode)) {
            throw new MigException(MigErrorCode.MIG_UNSUPPORTED_CAPABILITY,
                    "capability " + id + " does not offer mode " + mode,
                    Map.of("capability", id, "mode", mode, "modes", registration.descriptor().modes()));
        }
        call.capability(registration);
    }

    private static String requestedMode(MigCall call) {
        String preference = call.requestText("stream_preference");
        if (preference == null) {
            // a streaming transport streams what can stream; everything else is unary
            return call.streamSession() != null && call.capability() == null
                    ? null : CapabilityDescriptor.UNARY;
        }
        return switch (preference.toLowerCase().replace("stream_preference_", "")) {
            case "unary", "unspecified" -> CapabilityDescriptor.UNARY;
            case "server_stream" -> CapabilityDescriptor.SERVER_STREAM;
            case "bidi_stream" -> "bidi_stream";
            default -> throw MigException.invalidField("stream_preference",
                    "must be one of unary, server_stream, bidi_stream");
        };
    }
}
