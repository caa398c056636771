package io.migd;

import com.fasterxml.jackson.databind.JsonNode;
import io.migd.support.CurlExample;
import io.migd.support.CurlExample.Result;
import io.migd.support.Gateway;
import io.migd.support.MigClient;
import io.migd.support.MigClient.Reply;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The seed user guide's HTTP curl examples, exactly as written (src/test/resources/seed-curl-examples.sh), run with
 * the real {@code curl} against a started gateway. Only {@code http://localhost:8080} is replaced by the gateway's
 * address; the status code is obtained by wrapping {@code curl} in a shell function, never by editing an example.
 */
class SeedCurlExamplesIT {

    private static final String GUIDE_BASE = "http://localhost:8080";
    private static final String RESOURCE = "/seed-curl-examples.sh";
    private static final String MARKER = "#@example ";

    @RegisterExtension
    static Gateway gw = new Gateway();

    private static Map<String, String> examples;

    @BeforeAll
    static void loadExamples() throws IOException {
        examples = parse(readResource());
        assertTrue(Files.isExecutable(Path.of("/usr/bin/curl")) || onPath("curl"), "curl is needed");
    }

    @Test
    void theResourceHoldsTheCoreAndAdminExamplesOnly() {
        assertEquals(List.of("hello", "discover", "invoke", "cancel", "connections", "add-capability", "add-schema",
                "list-capabilities", "conformance"), new ArrayList<>(examples.keySet()));
        examples.forEach((name, script) -> {
            assertTrue(script.startsWith("curl "), name + " is a curl command");
            assertTrue(script.contains(GUIDE_BASE), name + " talks to the guide's address, which the test replaces");
            assertFalse(script.contains("/subscribe/") || script.contains("/publish/")
                    || script.contains("/pro/") || script.contains("/cloud/"), name + " is not built yet");
        });
    }

    @Test
    void hello() throws Exception {
        Result r = run("hello");
        assertEquals(200, r.status(), r.describe());
        assertEquals("0.1", r.json().path("selected_version").asText(), r.describe());
        assertEquals("http", r.json().path("selected_binding").asText(), r.describe());
        assertEquals("acme", r.json().path("header").path("tenant_id").asText(), r.describe());
    }

    @Test
    void discover() throws Exception {
        Result r = run("discover");
        assertEquals(200, r.status(), r.describe());
        assertEquals("acme", r.json().path("header").path("tenant_id").asText(), r.describe());
        assertTrue(ids(r.json().path("capabilities")).contains("observatory.models.infer"), r.describe());
    }

    @Test
    void invokeTwiceWithTheSameIdempotencyKeyGivesTheSameResult() throws Exception {
        Result first = run("invoke");
        assertEquals(200, first.status(), first.describe());
        JsonNode result = first.json().path("payload").path("result");
        assertTrue(result.isTextual() && !result.asText().isEmpty(), "payload.result: " + first.describe());
        assertEquals("observatory.models.infer", first.json().path("capability").asText(), first.describe());

        Result second = run("invoke");
        assertEquals(200, second.status(), second.describe());
        assertEquals(first.json().path("payload"), second.json().path("payload"), second.describe());

        // idem-1 really was recorded: the same key with another payload is refused (mig-spec 5.3)
        Reply reused = gw.client().post("/mig/v0.1/invoke/observatory.models.infer",
                "{\"header\":{\"tenant_id\":\"acme\",\"idempotency_key\":\"idem-1\"},\"payload\":{\"input\":\"bye\"}}",
                "X-Tenant-ID", "acme");
        assertEquals(409, reused.status(), reused.rawBody());
        assertEquals("MIG_INVALID_REQUEST", reused.errorCode(), reused.rawBody());
    }

    @Test
    void cancelOfNothingInFlightIsAcknowledgedAsNotFound() throws Exception {
        Result r = run("cancel");
        assertEquals(200, r.status(), r.describe());
        assertEquals("msg-123", r.json().path("target_message_id").asText(), r.describe());
        assertTrue(r.json().path("accepted").isBoolean() && r.json().path("accepted").asBoolean(), r.describe());
        assertEquals("not_found", r.json().path("status").asText(), r.describe());
    }

    @Test
    void connections() throws Exception {
        Result r = run("connections");
        assertEquals(200, r.status(), r.describe());
        assertTrue(r.json().path("summary").path("total").isNumber(), r.describe());
        assertTrue(r.json().path("summary").path("by_protocol").isObject(), r.describe());
        assertTrue(r.json().path("connections").isArray(), r.describe());
        assertTrue(r.json().path("generated_at").isTextual(), r.describe());
    }

    @Test
    void addedCapabilityIsListedAndDiscovered() throws Exception {
        Result added = run("add-capability");
        assertEquals(201, added.status(), added.describe());

        Result listed = run("list-capabilities");
        assertEquals(200, listed.status(), listed.describe());
        assertTrue(ids(listed.json().path("capabilities")).contains("acme.tools.summarize"), listed.describe());

        Result discovered = run("discover");
        assertEquals(200, discovered.status(), discovered.describe());
        JsonNode summarize = find(discovered.json().path("capabilities"), "acme.tools.summarize");
        assertNotNull(summarize, discovered.describe());
        assertEquals("schema://acme/summarize/input/v1", summarize.path("input_schema_uri").asText(),
                discovered.describe());
    }

    @Test
    void addSchema() throws Exception {
        Result r = run("add-schema");
        assertEquals(201, r.status(), r.describe());
        assertEquals("schema://acme/summarize/input/v1", r.json().path("uri").asText(), r.describe());
    }

    @Test
    void listCapabilitiesShowsTheDemoCapability() throws Exception {
        Result r = run("list-capabilities");
        assertEquals(200, r.status(), r.describe());
        assertTrue(ids(r.json().path("capabilities")).contains("observatory.models.infer"), r.describe());
    }

    @Test
    void conformanceReportsCore() throws Exception {
        Result r = run("conformance");
        assertEquals(200, r.status(), r.describe());
        assertTrue(r.json().path("core").isBoolean() && r.json().path("core").asBoolean(), r.describe());
        for (String field : List.of("streaming", "evented", "full")) {
            assertTrue(r.json().path(field).isBoolean(), field + ": " + r.describe());
        }
    }

    // --- running an example ---------------------------------------------------------------------------------

    private static Result run(String name) throws Exception {
        String example = examples.get(name);
        assertNotNull(example, "no example " + name);
        return CurlExample.run(name, example, Map.of(GUIDE_BASE, gw.base().toString()));
    }

    private static String readResource() throws IOException {
        try (InputStream in = SeedCurlExamplesIT.class.getResourceAsStream(RESOURCE)) {
            assertNotNull(in, RESOURCE + " is missing");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Blocks start at "#@example NAME: ..." and run to the next marker; other comments and blank edges dropped. */
    static Map<String, String> parse(String text) {
        Map<String, String> parsed = new LinkedHashMap<>();
        String name = null;
        StringBuilder block = new StringBuilder();
        for (String line : (text + "\n" + MARKER + "end:").split("\n", -1)) {
            if (line.startsWith(MARKER)) {
                if (name != null) {
                    parsed.put(name, block.toString().strip());
                }
                name = line.substring(MARKER.length(), line.indexOf(':')).trim();
                block.setLength(0);
            } else if (name != null) {
                block.append(line).append('\n');
            }
        }
        return parsed;
    }

    private static List<String> ids(JsonNode capabilities) {
        assertTrue(capabilities.isArray(), "capabilities must be an array: " + capabilities);
        List<String> ids = new ArrayList<>();
        capabilities.forEach(c -> ids.add(c.path("id").asText()));
        return ids;
    }

    private static JsonNode find(JsonNode capabilities, String id) {
        for (JsonNode c : capabilities) {
            if (id.equals(c.path("id").asText())) {
                return c;
            }
        }
        return null;
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
