package io.migd.config;

import net.thisptr.jackson.jq.JsonQuery;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.Versions;
import net.thisptr.jackson.jq.exception.JsonQueryException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.ExpressionIllegalSyntaxException;
import org.apache.camel.Predicate;
import org.apache.camel.language.jq.JqLanguage;
import org.apache.camel.spi.ExpressionResultTypeAware;
import org.apache.camel.support.ExpressionAdapter;

/**
 * camel-jq's {@code jq} language, with its ~150 built-in functions loaded when the first jq expression runs instead of
 * when the first route using jq is created.
 *
 * <p>Loading them means parsing and compiling jq's own function library and loading a class per Java-implemented
 * function, about a tenth of a second on the startup path for a gateway whose only jq user may be a capability that is
 * never invoked. Every expression is still parsed when its route is created (a syntax error stops startup as before);
 * camel-jq's expression is built on first use and then does all the work, so results, result types and errors are
 * camel-jq's own. Bound as the {@code jq} bean, which Camel prefers over the language it would otherwise create.
 */
public final class DeferredJqLanguage extends JqLanguage {

    private volatile boolean loaded;

    @Override
    public void init() {
        // deferred to the first evaluation (see load())
    }

    private void load() {
        if (!loaded) {
            synchronized (this) {
                if (!loaded) {
                    super.init();
                    loaded = true;
                }
            }
        }
    }

    @Override
    public Scope getRootScope() {
        load();
        return super.getRootScope();
    }

    @Override
    public Expression createExpression(Expression source, String expression, Object[] properties) {
        try {
            JsonQuery.compile(expression, Versions.JQ_1_7);
        } catch (JsonQueryException e) {
            throw new ExpressionIllegalSyntaxException(expression, e);
        }
        return new Deferred(expression, () -> {
            load();
            return super.createExpression(source, expression, properties);
        }, property(Class.class, properties, 0, null));
    }

    /** Stands for camel-jq's expression until the first evaluation creates it; then delegates everything to it. */
    private static final class Deferred extends ExpressionAdapter implements ExpressionResultTypeAware {

        private final String text;
        private final java.util.function.Supplier<Expression> factory;
        private final Class<?> declaredResultType;
        private volatile Expression delegate;

        Deferred(String text, java.util.function.Supplier<Expression> factory, Class<?> declaredResultType) {
            this.text = text;
            this.factory = factory;
            this.declaredResultType = declaredResultType;
        }

        private Expression delegate() {
            Expression current = delegate;
            if (current == null) {
                synchronized (this) {
                    current = delegate;
                    if (current == null) {
                        current = factory.get();
                        delegate = current;
                    }
                }
            }
            return current;
        }

        @Override
        public void init(CamelContext context) {
            super.init(context);
        }

        @Override
        public Object evaluate(Exchange exchange) {
            return delegate().evaluate(exchange, Object.class);
        }

        @Override
        public <T> T evaluate(Exchange exchange, Class<T> type) {
            return delegate().evaluate(exchange, type);
        }

        @Override
        public boolean matches(Exchange exchange) {
            Expression current = delegate();
            return current instanceof Predicate predicate ? predicate.matches(exchange) : super.matches(exchange);
        }

        @Override
        public String getExpressionText() {
            return text;
        }

        @Override
        public Class<?> getResultType() {
            Expression current = delegate;
            if (current instanceof ExpressionResultTypeAware aware) {
                return aware.getResultType();
            }
            // what camel-jq's expression will report: the declared type, else JSON
            return declaredResultType == null || declaredResultType == Object.class
                    ? com.fasterxml.jackson.databind.JsonNode.class : declaredResultType;
        }

        @Override
        public String toString() {
            Expression current = delegate;
            return current != null ? current.toString() : "jq: " + text;
        }
    }
}
