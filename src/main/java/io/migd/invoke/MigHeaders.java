package io.migd.invoke;

/** Names of the Camel message headers a capability route receives (one place, like a component's constants). */
public final class MigHeaders {

    public static final String CAPABILITY = "MigCapability";
    public static final String TENANT_ID = "MigTenantId";
    public static final String MESSAGE_ID = "MigMessageId";
    public static final String SESSION_ID = "MigSessionId";
    public static final String TRACEPARENT = "MigTraceparent";
    public static final String IDEMPOTENCY_KEY = "MigIdempotencyKey";
    public static final String ACTOR = "MigActor";
    public static final String DEADLINE_MS = "MigDeadlineMs";

    private MigHeaders() {
    }
}
