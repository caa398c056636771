package io.migd.binding.http;

import java.util.regex.Pattern;

/** Route templates as the bindings write them ({@code /invoke/{capability}}) and as the Vert.x router takes them. */
public final class HttpPaths {

    private static final Pattern PARAM = Pattern.compile("\\{([^}/]+)}");

    private HttpPaths() {
    }

    /** {@code /a/{b}} → {@code /a/:b}. */
    public static String toVertx(String template) {
        return PARAM.matcher(template).replaceAll(":$1");
    }
}
