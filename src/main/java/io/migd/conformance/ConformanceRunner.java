package io.migd.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * {@code mig-conformance}: the HTTP conformance runner, the equivalent of the seed's
 * {@code go run ./conformance/harness/cmd/mig-conformance -base-url http://localhost:8080 -tenant acme}. Prints
 * {@code PASS|FAIL|SKIP level/check} per check and a line per level; exits 0 when nothing failed, 1 when a check
 * failed, 2 on bad arguments.
 *
 * <pre>
 * java -cp migd.jar io.migd.conformance.ConformanceRunner -base-url http://localhost:8080 -tenant acme
 *      [-token JWT] [-capability observatory.models.infer] [-payload '{"input": "hi"}']
 * </pre>
 */
public final class ConformanceRunner {

    private ConformanceRunner() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> options;
        URI base;
        ObjectNode payload;
        try {
            options = Options.parse(args);
            base = URI.create(options.get("base-url").replaceAll("/+$", "") + "/");
            if (base.getScheme() == null || !base.getScheme().startsWith("http") || base.getHost() == null) {
                throw new IllegalArgumentException("-base-url must be an http(s) URL, got " + options.get("base-url"));
            }
            JsonNode parsed = MigHttp.JSON.readTree(options.get("payload"));
            if (!(parsed instanceof ObjectNode object)) {
                throw new IllegalArgumentException("-payload must be a JSON object");
            }
            payload = object;
        } catch (Exception e) {
            err.println("mig-conformance: " + e.getMessage());
            err.println(Options.USAGE);
            return 2;
        }
        out.println("mig-conformance: " + base + " tenant=" + options.get("tenant") + " capability="
                + options.get("capability"));
        try (MigHttp http = new MigHttp(base, options.get("tenant"), options.get("token"))) {
            List<CheckResult> results = ConformanceSuite.run(
                    new RunContext(http, options.get("capability"), payload), r -> out.println(r.line()));
            Map<String, Boolean> levels = ConformanceSuite.levels(results);
            levels.forEach((level, passing) -> out.println("LEVEL " + level + ": " + (passing ? "PASS" : "FAIL")));
            long failed = results.stream().filter(r -> r.status() == CheckResult.Status.FAIL).count();
            long passed = results.stream().filter(r -> r.status() == CheckResult.Status.PASS).count();
            long skipped = results.size() - failed - passed;
            out.println((failed == 0 ? "PASS" : "FAIL") + ": " + passed + " passed, " + failed + " failed, "
                    + skipped + " skipped");
            return failed == 0 ? 0 : 1;
        }
    }

    /** Go-flag style options: {@code -name value} or {@code -name=value} (also with {@code --}). */
    static final class Options {
        static final String USAGE = "usage: mig-conformance -base-url http://localhost:8080 -tenant acme "
                + "[-token JWT] [-capability ID] [-payload JSON]";

        static Map<String, String> parse(String[] args) {
            Map<String, String> options = new java.util.HashMap<>(Map.of("base-url", "http://localhost:8080",
                    "tenant", "acme", "capability", RunContext.DEMO_CAPABILITY, "payload", RunContext.DEMO_PAYLOAD));
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (!arg.startsWith("-")) {
                    throw new IllegalArgumentException("unexpected argument " + arg);
                }
                String name = arg.replaceFirst("^--?", "");
                String value;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new IllegalArgumentException("-" + name + " needs a value");
                }
                if (!List.of("base-url", "tenant", "token", "capability", "payload").contains(name)) {
                    throw new IllegalArgumentException("unknown option -" + name);
                }
                options.put(name, value);
            }
            return options;
        }
    }
}
