package io.migd.app;

import javax.management.DynamicMBean;
import javax.management.MBeanServer;
import javax.management.NotCompliantMBeanException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The platform MBean server as Camel's JMX agent sees it, with one shortcut: Camel registers each of its ~250 managed
 * objects by first offering the plain object to the server and, when the server refuses it as not a JMX MBean,
 * registering an MBean assembled from the object's annotations instead. Every refusal has the server introspect the
 * class twice (standard MBean, MXBean) and throw three exceptions with deep stack traces. Here a class the server has
 * refused once is refused at once the next time, with the server's own exception, so Camel goes straight to the
 * assembled MBean. Everything else, and every registration the server accepts, is passed through unchanged: the MBeans
 * end up in the platform server exactly as before.
 */
final class AnnotatedMBeanServer implements InvocationHandler {

    private final MBeanServer server;
    /** The server's refusal of each class it refused, thrown again as it is (Camel only catches it). */
    private final Map<Class<?>, NotCompliantMBeanException> refused = new ConcurrentHashMap<>();

    private AnnotatedMBeanServer(MBeanServer server) {
        this.server = server;
    }

    static MBeanServer wrap(MBeanServer server) {
        return (MBeanServer) Proxy.newProxyInstance(MBeanServer.class.getClassLoader(),
                new Class<?>[] {MBeanServer.class}, new AnnotatedMBeanServer(server));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "AnnotatedMBeanServer(" + server + ")";
            };
        }
        boolean register = "registerMBean".equals(method.getName()) && args != null && args.length == 2
                && args[0] != null && !(args[0] instanceof DynamicMBean);
        NotCompliantMBeanException known = register ? refused.get(args[0].getClass()) : null;
        if (known != null) {
            throw known;
        }
        try {
            return method.invoke(server, args);
        } catch (InvocationTargetException e) {
            if (register && e.getCause() instanceof NotCompliantMBeanException refusal) {
                refused.put(args[0].getClass(), refusal);
            }
            throw e.getCause();
        }
    }
}
