package io.migd.binding.http;

import io.migd.envelope.MigCall;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/** {@link MigCall} response → a platform-http message: the {@link HttpAnswer}, and no request header echoed back. */
public final class HttpResponseEncoder implements Processor {

    @Override
    public void process(Exchange exchange) {
        write(exchange.getMessage(), HttpAnswer.of(MigCall.of(exchange)));
    }

    static void write(Message message, HttpAnswer answer) {
        // platform-http turns every message header into a response header: only ours may remain
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, answer.status());
        message.setHeader(Exchange.CONTENT_TYPE, answer.contentType());
        message.setHeader("Cache-Control", "no-store");
        // a Vert.x Buffer is written as is; a byte[] would be pumped through an InputStream
        message.setBody(answer.body());
    }
}
