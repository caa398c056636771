package io.migd;

import io.migd.support.Gateway;
import io.migd.support.MigClient.Reply;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static io.migd.EventsIT.awaitTrue;
import static io.migd.EventsIT.publishReply;
import static io.migd.EventsIT.subscribe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** mig-spec §5.6 / §3: the gateway-wide limit on event streams ({@code migd.events.max-topics}). */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EventsStreamLimitIT {

    /** Room for 3 (tenant, topic) streams in the whole gateway. */
    @RegisterExtension
    static Gateway fewTopics = new Gateway().with("migd.events.max-topics", "3");

    /**
     * The gateway-wide stream limit ({@code migd.events.max-topics}) sheds load with MIG_BACKPRESSURE, but streams
     * that hold nothing (never published, no subscriber left) must not count against it: otherwise one tenant that
     * merely subscribes to many topic names locks every other tenant out of publishing (mig-spec §3: tenants are
     * isolated, quotas included).
     */
    @Test
    @Order(1)
    void streamsOnlySubscribedToAndLeftDoNotUseUpTheGatewayForOtherTenants() {
        // globex merely opens and closes subscriptions on three topic names nobody ever published to
        for (String topic : List.of("probe.one", "probe.two", "probe.three")) {
            subscribe(fewTopics, "globex", topic).close();
        }
        awaitTrue(() -> fewTopics.client().get("/admin/v0.1/connections?tenant_id=globex").body()
                .path("summary").path("total").asInt() == 0, "globex's subscribers gone");
        // acme still can publish on a topic of its own
        Reply reply = publishReply(fewTopics, "acme", "acme.orders", null, "{\"n\":1}");
        assertEquals(200, reply.status(), "after globex's subscribers left, acme's publish got: " + reply.rawBody());
        assertEquals(1, reply.body().path("sequence").asLong(), reply.rawBody());
    }

    @Test
    @Order(2)
    void theLimitShedsLoadWithBackpressureWhileEveryStreamIsInUse() {
        for (String topic : List.of("full.one", "full.two", "full.three")) {
            Reply reply = publishReply(fewTopics, "acme", topic, null, "{}");
            if (reply.status() == 503) {
                break; // streams left by the first test count too: the limit is reached either way
            }
            assertEquals(200, reply.status(), reply.rawBody());
        }
        Reply refused = publishReply(fewTopics, "acme", "full.four", null, "{}");
        EventsIT.assertErrorEnvelope(refused, 503, "MIG_BACKPRESSURE");
        assertTrue(refused.body().path("error").path("retryable").asBoolean(false), refused.rawBody());
    }
}
