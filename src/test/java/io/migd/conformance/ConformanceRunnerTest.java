package io.migd.conformance;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConformanceRunnerTest {

    @Test
    void goStyleFlagsAreAccepted() {
        Map<String, String> options = ConformanceRunner.Options.parse(new String[] {
                "-base-url", "http://localhost:9999", "--tenant=globex", "-capability", "x.y"});
        assertEquals("http://localhost:9999", options.get("base-url"));
        assertEquals("globex", options.get("tenant"));
        assertEquals("x.y", options.get("capability"));
    }

    @Test
    void badArgumentsExitWithTwoAndUsage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ConformanceRunner.run(new String[] {"-nope", "x"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: mig-conformance"));
    }

    @Test
    void aLevelPassesWhenSomethingPassedAndNothingFailed() {
        Map<String, Boolean> levels = ConformanceSuite.levels(List.of(
                new CheckResult("core", "a", CheckResult.Status.PASS, null),
                new CheckResult("core", "b", CheckResult.Status.SKIP, "no capability"),
                new CheckResult("streaming", "c", CheckResult.Status.FAIL, "x"),
                new CheckResult("evented", "d", CheckResult.Status.SKIP, "y")));
        assertTrue(levels.get("core"));
        assertFalse(levels.get("streaming"));
        assertFalse(levels.get("evented"));
    }
}
