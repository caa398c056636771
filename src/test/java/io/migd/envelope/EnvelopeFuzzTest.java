package io.migd.envelope;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Property-based fuzzing of the envelope parser and header normaliser: whatever bytes arrive, the only failure is a
 * MIG error (never another exception), and a well-formed header survives normalisation.
 */
class EnvelopeFuzzTest {

    @Property(tries = 3000)
    void arbitraryBytesFailOnlyWithMigErrors(@ForAll @Size(max = 512) byte[] body) {
        parseAndNormalise(body);
    }

    @Property(tries = 3000)
    void jsonLikeTextFailsOnlyWithMigErrors(@ForAll("jsonish") String text) {
        parseAndNormalise(text.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 1000)
    void wellFormedHeadersAreKept(@ForAll("tenants") String tenant, @ForAll("ids") String messageId,
                                  @ForAll("deadlines") int deadline) {
        String json = "{\"header\":{\"tenant_id\":\"" + tenant + "\",\"message_id\":\"" + messageId
                + "\",\"deadline_ms\":" + deadline + "},\"payload\":{}}";
        MigHeader header = MigHeader.normalise(Json.parseObject(json.getBytes(StandardCharsets.UTF_8), "b")
                .get("header"));
        assertEquals(tenant, header.tenantId());
        assertEquals(messageId, header.messageId());
        assertEquals(deadline, header.deadlineMs());
        assertEquals("0.1", header.migVersion());
        assertNotNull(header.timestamp());
    }

    private static void parseAndNormalise(byte[] body) {
        try {
            var request = Json.parseObject(body, "body");
            MigHeader header = MigHeader.normalise(request.get("header"));
            if (header.tenantId() != null) {
                try {
                    Identifiers.requireTenant(header.tenantId(), "tenant");
                } catch (MigException expected) {
                    // a refusal is the right outcome for a bad tenant
                }
            }
            header.toResponseJson("anonymous");
        } catch (MigException expected) {
            assertNotNull(expected.code());
        }
    }

    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> atoms = Arbitraries.of("{", "}", "[", "]", ",", ":", "\"header\"", "\"tenant_id\"",
                "\"deadline_ms\"", "\"meta\"", "\"mig_version\"", "\"0.1\"", "\"0.2\"", "null", "true", "-1", "0",
                "1e999", "99999999999999999999", "\"\\u0000\"", "\"idg.x\"", "\"payload\"", "\"message_id\"", " ",
                "\"a\"", "\"\\n\"");
        return atoms.list().ofMaxSize(40).map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<String> tenants() {
        return Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
                .ofMinLength(1).ofMaxLength(64).filter(s -> Character.isLetterOrDigit(s.charAt(0)));
    }

    @Provide
    Arbitrary<String> ids() {
        return Arbitraries.strings().withChars("abcdef0123456789-:.").ofMinLength(1).ofMaxLength(100)
                .filter(s -> Character.isLetterOrDigit(s.charAt(0)));
    }

    @Provide
    Arbitrary<Integer> deadlines() {
        return Arbitraries.integers().between(1, Integer.MAX_VALUE);
    }
}
