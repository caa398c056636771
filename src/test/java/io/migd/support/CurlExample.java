package io.migd.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs a seed guide's curl example with the real {@code curl}, unchanged except for the substitutions given (the
 * guide's base URL, placeholders): the status comes from wrapping {@code curl} in a shell function.
 */
public final class CurlExample {

    /** What running one example printed: the HTTP status and the body (parsed when JSON). */
    public record Result(String name, int status, String raw, JsonNode json) {
        public String describe() {
            return name + " -> " + status + " " + raw;
        }
    }

    private CurlExample() {
    }

    public static Result run(String name, String example, Map<String, String> substitutions) throws Exception {
        String script = example;
        for (Map.Entry<String, String> s : substitutions.entrySet()) {
            script = script.replace(s.getKey(), s.getValue());
        }
        for (String key : substitutions.keySet()) {
            assertFalse(script.contains(key), name + ": " + key + " left in " + script);
        }
        String wrapper = "curl() { command curl --max-time 20 -w '\\n%{http_code}' \"$@\"; }\n" + script + "\n";
        Process process = new ProcessBuilder("bash", "-c", wrapper).start();
        process.getOutputStream().close();
        byte[] out;
        byte[] err;
        try (InputStream stdout = process.getInputStream(); InputStream stderr = process.getErrorStream()) {
            out = stdout.readAllBytes();
            err = stderr.readAllBytes();
        }
        if (!process.waitFor(25, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(name + ": curl did not finish");
        }
        String output = new String(out, StandardCharsets.UTF_8);
        String errors = new String(err, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), name + ": curl failed: " + errors + output);
        assertEquals("", errors.strip(), name + ": curl complained");
        int cut = output.lastIndexOf('\n');
        assertTrue(cut >= 0, name + ": no status line in " + output);
        int status = Integer.parseInt(output.substring(cut + 1).strip());
        String body = output.substring(0, cut);
        JsonNode json = null;
        try {
            json = body.isBlank() ? null : MigClient.JSON.readTree(body);
        } catch (IOException e) {
            fail(name + ": the answer is not JSON: " + status + " " + body);
        }
        assertNotNull(json, name + ": empty answer, status " + status);
        return new Result(name, status, body, json);
    }
}
