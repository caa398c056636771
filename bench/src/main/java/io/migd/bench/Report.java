package io.migd.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The figures of a run: per figure the values of each round for migd (A) and the baseline (B), and their ratio. */
final class Report {

    /** One figure; {@code b} is null when there is no baseline counterpart, {@code na} when it cannot be measured. */
    static final class Figure {
        final String name;
        final String unit;
        final List<Double> a = new ArrayList<>();
        final List<Double> b;
        String na;
        String failed;

        Figure(String name, String unit, boolean hasBaseline) {
            this.name = name;
            this.unit = unit;
            this.b = hasBaseline ? new ArrayList<>() : null;
        }

        List<Double> ratios() {
            List<Double> r = new ArrayList<>();
            if (b != null) {
                for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
                    r.add(a.get(i) / b.get(i));
                }
            }
            return r;
        }
    }

    private final List<Object> rows = new ArrayList<>();   // Figure or String (a section title)

    void section(String title) {
        rows.add(title);
    }

    Figure figure(String name, String unit, boolean hasBaseline) {
        Figure f = new Figure(name, unit, hasBaseline);
        rows.add(f);
        return f;
    }

    void na(String name, String why) {
        figure(name, "", false).na = why;
    }

    static double min(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    static double max(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    static double median(List<Double> v) {
        if (v.isEmpty()) {
            return Double.NaN;
        }
        double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** The nearest-rank percentile of a sample. */
    static double percentile(List<Double> v, double p) {
        if (v.isEmpty()) {
            return Double.NaN;
        }
        double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int rank = (int) Math.ceil(p / 100.0 * s.length);
        return s[Math.max(0, Math.min(s.length - 1, rank - 1))];
    }

    static String num(double v, String unit) {
        if (Double.isNaN(v)) {
            return "-";
        }
        String f = switch (unit) {
            case "req/s", "MiB" -> "%.0f";
            case "s" -> "%.2f";
            case "x" -> "%.2f";
            default -> Math.abs(v) >= 100 ? "%.0f" : Math.abs(v) >= 10 ? "%.1f" : "%.2f";
        };
        return String.format(Locale.ROOT, f, v);
    }

    static String triple(List<Double> v, String unit) {
        if (v == null || v.isEmpty()) {
            return "-";
        }
        return num(min(v), unit) + " / " + num(median(v), unit) + " / " + num(max(v), unit);
    }

    String render() {
        StringBuilder out = new StringBuilder();
        String fmt = "%-46s %-26s %-26s %s%n";
        out.append(String.format(Locale.ROOT, fmt, "figure (min / median / max over rounds)", "migd", "baseline",
                "ratio migd/baseline"));
        for (Object row : rows) {
            if (row instanceof String title) {
                out.append('\n').append("## ").append(title).append('\n');
                continue;
            }
            Figure f = (Figure) row;
            String label = f.name + (f.unit.isEmpty() ? "" : " [" + f.unit + "]");
            if (f.na != null) {
                out.append(String.format(Locale.ROOT, fmt, label, f.na, "", ""));
            } else if (f.failed != null && f.a.isEmpty()) {
                out.append(String.format(Locale.ROOT, fmt, label, "FAILED: " + f.failed, "", ""));
            } else {
                out.append(String.format(Locale.ROOT, fmt, label, triple(f.a, f.unit),
                        f.b == null ? "" : triple(f.b, f.unit), f.b == null ? "" : triple(f.ratios(), "x")));
                if (f.failed != null) {
                    out.append("    ! ").append(f.failed).append('\n');
                }
            }
        }
        return out.toString();
    }
}
