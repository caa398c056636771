package io.migd.conformance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Every conformance check, level by level, run against one gateway. */
public final class ConformanceSuite {

    public static final List<String> LEVELS = List.of(CoreChecks.LEVEL, StreamingChecks.LEVEL, EventChecks.LEVEL);

    private ConformanceSuite() {
    }

    public static List<Check> checks() {
        List<Check> all = new ArrayList<>(CoreChecks.all());
        all.addAll(StreamingChecks.all());
        all.addAll(EventChecks.all());
        return all;
    }

    /** Runs every check; {@code report} sees each result as it comes. */
    public static List<CheckResult> run(RunContext context, Consumer<CheckResult> report) {
        List<CheckResult> results = new ArrayList<>();
        for (Check check : checks()) {
            CheckResult result;
            try {
                check.body().run(context);
                result = new CheckResult(check.level(), check.name(), CheckResult.Status.PASS, null);
            } catch (CheckSkipped e) {
                result = new CheckResult(check.level(), check.name(), CheckResult.Status.SKIP, e.getMessage());
            } catch (CheckFailed e) {
                result = new CheckResult(check.level(), check.name(), CheckResult.Status.FAIL, e.getMessage());
            } catch (Exception | AssertionError e) {
                result = new CheckResult(check.level(), check.name(), CheckResult.Status.FAIL, e.toString());
            }
            results.add(result);
            report.accept(result);
        }
        return results;
    }

    /** Per level: passing when at least one check passed and none failed. */
    public static Map<String, Boolean> levels(List<CheckResult> results) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (String level : LEVELS) {
            boolean anyPass = false;
            boolean anyFail = false;
            for (CheckResult r : results) {
                if (r.level().equals(level)) {
                    anyPass |= r.status() == CheckResult.Status.PASS;
                    anyFail |= r.status() == CheckResult.Status.FAIL;
                }
            }
            out.put(level, anyPass && !anyFail);
        }
        return out;
    }
}
