package io.migd.binding.nats;

import io.migd.envelope.Identifiers;
import io.migd.envelope.MigException;
import io.migd.events.Topics;

import java.util.Arrays;
import java.util.Map;

/**
 * The subjects of the MIG/NATS binding (seed 003 §3, mig-spec §8), parsed and built in one place. Every token that
 * comes from a subject is validated with the same rules as on HTTP ({@link Identifiers}), so wildcards, empty tokens
 * and other tenants' subjects cannot be smuggled in through a subject.
 *
 * <pre>
 * mig.v0_1.&lt;tenant&gt;.hello | .discover | .invoke.&lt;capability&gt; | .events.&lt;topic&gt;
 * mig.v0_1.&lt;tenant&gt;.control.cancel.&lt;message_id&gt; | .control.heartbeat
 * mig.v0_1.&lt;tenant&gt;.stream.start.&lt;capability&gt;   (starts a stream; frames on .stream.&lt;stream_id&gt;)
 * </pre>
 */
public final class NatsSubjects {

    public static final String PREFIX = "mig.v0_1.";
    /** Events of all tenants: what the JetStream events stream stores. */
    public static final String ALL_EVENTS = PREFIX + "*.events.>";
    /** Dead letters of all tenants: what the dead-letter stream stores. */
    public static final String ALL_DEAD_LETTERS = PREFIX + "*.dlq.>";
    /** Where poison messages go whose subject names no valid tenant and topic. */
    public static final String INVALID_DEAD_LETTERS = PREFIX + "_invalid.dlq.events";

    /** The operations a subject addresses. */
    public enum Operation { HELLO, DISCOVER, INVOKE, PUBLISH, CANCEL, HEARTBEAT, STREAM_START }

    /** A parsed request subject: whose it is, what it asks for, and the resource it names (or null). */
    public record Parsed(String tenant, Operation operation, String target) {
    }

    private NatsSubjects() {
    }

    /** Parses a request subject; anything that is not one of the binding's subjects is MIG_INVALID_REQUEST. */
    public static Parsed parse(String subject) {
        if (subject == null || !subject.startsWith(PREFIX)) {
            throw invalid("not a MIG v0.1 subject");
        }
        String[] tokens = subject.substring(PREFIX.length()).split("\\.", -1);
        if (tokens.length < 2) {
            throw invalid("no operation in the subject");
        }
        String tenant = tenant(tokens[0]);
        String op = tokens[1];
        String rest = tokens.length > 2 ? String.join(".", Arrays.copyOfRange(tokens, 2, tokens.length)) : null;
        switch (op) {
            case "hello":
                return exact(tenant, Operation.HELLO, tokens, 2);
            case "discover":
                return exact(tenant, Operation.DISCOVER, tokens, 2);
            case "invoke":
                return new Parsed(tenant, Operation.INVOKE, capability(rest));
            case "events":
                return new Parsed(tenant, Operation.PUBLISH, topic(rest));
            case "control":
                if (tokens.length == 3 && "heartbeat".equals(tokens[2])) {
                    return new Parsed(tenant, Operation.HEARTBEAT, null);
                }
                if (tokens.length > 3 && "cancel".equals(tokens[2])) {
                    String id = String.join(".", Arrays.copyOfRange(tokens, 3, tokens.length));
                    return new Parsed(tenant, Operation.CANCEL, Identifiers.requireMessageId(id, "subject"));
                }
                throw invalid("unknown control subject");
            case "stream":
                if (tokens.length > 3 && "start".equals(tokens[2])) {
                    return new Parsed(tenant, Operation.STREAM_START,
                            capability(String.join(".", Arrays.copyOfRange(tokens, 3, tokens.length))));
                }
                throw invalid("stream frames are published by the gateway; start a stream on .stream.start.<capability>");
            default:
                throw invalid("unknown operation '" + printable(op) + "'");
        }
    }

    /** Where a mirrored event of {@code tenant}'s {@code topic} is published. */
    public static String events(String tenant, String topic) {
        return PREFIX + tenant + ".events." + topic;
    }

    /** Where the frames of a NATS stream invocation are published. */
    public static String stream(String tenant, String streamId) {
        return PREFIX + tenant + ".stream." + streamId;
    }

    /** The dead-letter subject for a message that arrived on {@code subject}. */
    public static String deadLetter(String subject) {
        try {
            Parsed parsed = parse(subject);
            if (parsed.operation() == Operation.PUBLISH) {
                return PREFIX + parsed.tenant() + ".dlq.events." + parsed.target();
            }
        } catch (MigException e) {
            // an unusable subject: the shared dead-letter subject
        }
        return INVALID_DEAD_LETTERS;
    }

    /** The tenant token of a subject, or null when it has none that is valid. */
    public static String tenantOf(String subject) {
        try {
            return parse(subject).tenant();
        } catch (MigException e) {
            return null;
        }
    }

    private static Parsed exact(String tenant, Operation operation, String[] tokens, int length) {
        if (tokens.length != length) {
            throw invalid("unexpected tokens after ." + tokens[1]);
        }
        return new Parsed(tenant, operation, null);
    }

    private static String tenant(String token) {
        try {
            return Identifiers.requireTenant(token, "subject");
        } catch (MigException e) {
            throw invalid("the tenant token is not a valid tenant id");
        }
    }

    private static String capability(String rest) {
        if (rest == null) {
            throw invalid("the subject names no capability");
        }
        return Identifiers.requireCapabilityId(rest, "subject");
    }

    private static String topic(String rest) {
        try {
            return Topics.require(rest);
        } catch (MigException e) {
            throw new MigException(e.code(), e.getMessage(), Map.of("field", "subject", "reason",
                    "the topic must be namespaced dot-separated tokens of letters, digits, '_' and '-'"));
        }
    }

    private static MigException invalid(String reason) {
        return new MigException(io.migd.envelope.MigErrorCode.MIG_INVALID_REQUEST, "invalid subject: " + reason,
                Map.of("field", "subject", "reason", reason));
    }

    private static String printable(String s) {
        String cut = s.length() > 32 ? s.substring(0, 32) + "…" : s;
        return cut.replaceAll("[^\\x20-\\x7E]", "?");
    }
}
