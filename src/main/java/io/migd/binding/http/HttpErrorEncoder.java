package io.migd.binding.http;

import io.migd.envelope.MigCall;
import io.migd.envelope.MigErrors;
import io.migd.envelope.MigException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Any failure of an HTTP exchange → the MIG error envelope with the status of mig-spec §2. */
public final class HttpErrorEncoder implements Processor {

    @Override
    public void process(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure == null) {
            failure = exchange.getException();
        }
        MigException error = MigErrors.toMig(failure);
        MigCall call = exchange.getProperty(MigCall.PROPERTY, MigCall.class);
        HttpResponseEncoder.write(exchange.getMessage(), HttpAnswer.of(call, error));
    }

    public static int status(MigException error) {
        return switch (error.refinement()) {
            case PAYLOAD_TOO_LARGE -> 413;
            case CONFLICT -> 409;
            case METHOD_NOT_ALLOWED -> 405;
            case NONE -> error.code().httpStatus();
        };
    }
}
