package io.migd;

import io.migd.support.Gateway;
import io.migd.support.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WsQuickIT {
    @RegisterExtension
    static Gateway gateway = new Gateway();

    @Test
    void smoke() throws Exception {
        try (WsClient ws = WsClient.connect(gateway, null, "X-Tenant-ID", "acme")) {
            ws.send("{\"kind\":\"request\",\"stream_id\":\"s1\",\"capability\":\"observatory.models.infer\",\"payload\":{\"input\":\"hello big world\"}}");
            System.out.println(ws.until(f -> f.path("end_stream").asBoolean(), 5000));
            ws.send("not json");
            System.out.println(ws.next(2000));
            ws.send("{\"kind\":\"request\",\"stream_id\":\"s2\",\"capability\":\"observatory.models.infer\",\"stream_preference\":\"unary\",\"payload\":{\"input\":\"x\"}}");
            System.out.println(ws.until(f -> f.path("end_stream").asBoolean(), 5000));
            System.out.println(gateway.client().get("/admin/v0.1/connections").rawBody());
        }
    }
}
