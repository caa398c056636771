package io.migd.binding.nats;

import io.migd.auth.Credentials;
import io.migd.envelope.MigCall;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

import java.util.Map;

/**
 * NATS message → {@link MigCall}. The subject names the tenant and the resource ({@link NatsSubjects}); in open mode
 * the subject's tenant plays the part of HTTP's {@code X-Tenant-ID}, and in JWT mode it must match the token's
 * tenant, so {@code header.tenant_id} naming another tenant is MIG_FORBIDDEN either way (ResolveTenantProcessor).
 * The bearer token, if any, is the NATS header {@code Authorization}. The body is the same JSON envelope as on HTTP
 * (an empty body counts as {@code {}}).
 */
public final class NatsRequestDecoder implements Processor {

    public static final String BINDING = "nats";
    /** Where the client wants the answer; absent for a plain publish. */
    public static final String REPLY_TO = "migdNatsReplyTo";
    /** The subject the message came on. */
    public static final String SUBJECT = "migdNatsSubject";
    /** An empty NATS message is an envelope with nothing in it ({@code nats req mig.v0_1.acme.hello ''} works). */
    private static final byte[] EMPTY_ENVELOPE = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getIn();
        String subject = in.getHeader(NatsHeaders.CAMEL_SUBJECT, String.class);
        exchange.setProperty(SUBJECT, subject);
        if (exchange.getProperty(JetStreamDelivery.PROPERTY) == null) {
            // a JetStream delivery's reply subject is its ack subject, not a client's inbox
            String replyTo = in.getHeader(NatsHeaders.CAMEL_REPLY_TO, String.class);
            if (replyTo != null && !replyTo.isEmpty()) {
                exchange.setProperty(REPLY_TO, replyTo);
            }
        }
        byte[] body = in.getBody(byte[].class);
        String authorization = in.getHeader(NatsHeaders.AUTHORIZATION, String.class);
        // strip everything the transport put on the message: from here on the call carries the request
        in.removeHeaders("*");
        NatsSubjects.Parsed parsed = NatsSubjects.parse(subject);
        MigCall call = new MigCall(BINDING, new Credentials(authorization, parsed.tenant()), null, parsed.target(),
                Map.of(), body == null || body.length == 0 ? EMPTY_ENVELOPE : body);
        exchange.setProperty(MigCall.PROPERTY, call);
    }
}
