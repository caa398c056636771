package io.migd.envelope;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The hand-written identifier checks accept exactly what their documented regular expressions accept. */
class IdentifiersSyntaxTest {

    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");
    private static final Pattern DOTTED = Pattern.compile("[A-Za-z0-9_-]{1,64}(\\.[A-Za-z0-9_-]{1,64}){0,15}");

    @Provide
    Arbitrary<String> identifierLike() {
        // mostly the legal alphabet plus the characters at its edges, at lengths around the limits
        Arbitrary<String> shortOnes = Arbitraries.strings().withChars("aZ09_-.*> \u00e9\u0000").ofMinLength(0)
                .ofMaxLength(20);
        Arbitrary<String> longOnes = Arbitraries.strings().withChars("ab_-.").ofMinLength(60).ofMaxLength(1100);
        return Arbitraries.oneOf(shortOnes, longOnes);
    }

    @Property(tries = 3000)
    void tenantCheckMatchesItsRegex(@ForAll("identifierLike") String value) {
        assertEquals(TENANT.matcher(value).matches(), Identifiers.isTenant(value), value);
    }

    @Property(tries = 3000)
    void dottedCheckMatchesItsRegex(@ForAll("identifierLike") String value) {
        assertEquals(DOTTED.matcher(value).matches(), Identifiers.isDotted(value), value);
    }
}
