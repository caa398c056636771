package io.migd.binding.grpc;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.migd.envelope.MigException;

/** mig-spec §2 for gRPC: the code's status, message {@code "<CODE>: <message>"}, trailer {@code mig-error-code}. */
public final class GrpcStatuses {

    public static final Metadata.Key<String> ERROR_CODE =
            Metadata.Key.of("mig-error-code", Metadata.ASCII_STRING_MARSHALLER);

    private GrpcStatuses() {
    }

    public static StatusRuntimeException toStatus(MigException error) {
        Metadata trailers = new Metadata();
        trailers.put(ERROR_CODE, error.code().name());
        return Status.fromCode(Status.Code.valueOf(error.code().grpcStatus()))
                .withDescription(error.code().name() + ": " + error.getMessage())
                .asRuntimeException(trailers);
    }
}
