package io.migd.invoke;

import io.migd.envelope.MigErrorCode;
import io.migd.envelope.MigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Maps whatever a provider failed with onto a MIG error a client may see. */
public final class ProviderFailures {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderFailures.class);

    private ProviderFailures() {
    }

    public static MigException toMig(Throwable failure, String capability) {
        Throwable cause = unwrap(failure);
        if (cause instanceof MigException mig) {
            return mig;
        }
        if (cause instanceof org.apache.camel.component.direct.DirectConsumerNotAvailableException) {
            return new MigException(MigErrorCode.MIG_UNAVAILABLE, "the route providing " + capability + " is stopped",
                    Map.of("capability", capability));
        }
        if (cause instanceof IOException) {
            return new MigException(MigErrorCode.MIG_UNAVAILABLE, "provider of " + capability + " is unreachable",
                    Map.of("capability", capability));
        }
        LOG.warn("provider of {} failed", capability, cause);
        return new MigException(MigErrorCode.MIG_INTERNAL, "provider of " + capability + " failed",
                Map.of("capability", capability));
    }

    public static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException
                || cause instanceof org.apache.camel.CamelExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
