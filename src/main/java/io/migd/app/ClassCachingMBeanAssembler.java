package io.migd.app;

import org.apache.camel.CamelContext;
import org.apache.camel.NonManagedService;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.api.management.NotificationSenderAware;
import org.apache.camel.spi.ManagementMBeanAssembler;
import org.apache.camel.support.management.MBeanInfoAssembler;
import org.apache.camel.support.management.MixinRequiredModelMBean;
import org.apache.camel.support.management.NotificationSenderAdapter;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.camel.util.ObjectHelper;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.modelmbean.InvalidTargetObjectTypeException;
import javax.management.modelmbean.ModelMBean;
import javax.management.modelmbean.ModelMBeanAttributeInfo;
import javax.management.modelmbean.ModelMBeanInfo;
import javax.management.modelmbean.ModelMBeanInfoSupport;
import javax.management.modelmbean.ModelMBeanNotificationInfo;
import javax.management.modelmbean.ModelMBeanOperationInfo;
import javax.management.modelmbean.RequiredModelMBean;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Camel's JMX MBean assembly with the MBean description built once per managed class instead of once per MBean.
 *
 * <p>Camel registers a few hundred MBeans at startup (routes, consumers, producers, endpoints, services) and, for each
 * one, rebuilds the same JMX attribute and operation infos from the class's annotations, with JMX validating every
 * descriptor of every attribute (some 14,000 infos). What {@link MBeanInfoAssembler} builds depends on the classes only
 * (names, descriptions and descriptors come from annotations), so the infos are kept per (managed class, custom class)
 * pair and shared by the MBeans of that class, each MBean getting its own {@link ModelMBeanInfoSupport} over them.
 * Sharing is safe because a {@code RequiredModelMBean} only writes into an attribute's or operation's descriptor to
 * cache values, which it does only when the descriptor has a {@code currencyTimeLimit}, and Camel's never do. The
 * MBeans themselves (names, attributes, operations, notifications, masking) are exactly those of Camel's
 * {@code DefaultManagementMBeanAssembler}.
 */
final class ClassCachingMBeanAssembler extends ServiceSupport implements ManagementMBeanAssembler, NonManagedService {

    private record Key(Class<?> managed, Class<?> custom) {
    }

    private final CamelContext camelContext;
    private final MBeanInfoAssembler assembler;
    private final Map<Key, ModelMBeanInfo> infos = new ConcurrentHashMap<>();

    ClassCachingMBeanAssembler(CamelContext camelContext) {
        this.camelContext = camelContext;
        this.assembler = new MBeanInfoAssembler(camelContext);
    }

    @Override
    public ModelMBean assemble(MBeanServer server, Object obj, ObjectName name) throws JMException {
        ModelMBeanInfo info = null;
        ModelMBeanInfo standardInfo = null;
        Object custom = null;
        // a managed instance may carry an object of its own with more JMX-annotated attributes and operations
        if (obj instanceof org.apache.camel.api.management.ManagedInstance managed) {
            custom = managed.getInstance();
            if (custom != null
                    && ObjectHelper.hasAnnotation(custom.getClass().getAnnotations(), ManagedResource.class)) {
                info = info(obj, custom, name);
                standardInfo = info(obj, null, name);
            }
        }
        if (info == null) {
            info = info(obj, null, name);
        }
        if (info == null) {
            return null;
        }
        boolean mask = Boolean.TRUE.equals(camelContext.getManagementStrategy().getManagementAgent().getMask());
        RequiredModelMBean standard = null;
        Object target = obj;
        if (standardInfo != null) {
            // the standard attributes are served by the managed object, the others by its custom object
            standard = (RequiredModelMBean) server.instantiate(RequiredModelMBean.class.getName());
            standard.setModelMBeanInfo(standardInfo);
            setResource(standard, obj);
            target = custom;
        }
        RequiredModelMBean mbean = new MixinRequiredModelMBean(info, mask, standardInfo, standard);
        setResource(mbean, target);
        if (target instanceof NotificationSenderAware aware) {
            aware.setNotificationSender(new NotificationSenderAdapter(mbean));
        }
        return mbean;
    }

    private static void setResource(RequiredModelMBean mbean, Object target) throws JMException {
        try {
            mbean.setManagedResource(target, "ObjectReference");
        } catch (InvalidTargetObjectTypeException e) {
            throw new JMException(e.getMessage());
        }
    }

    /** A fresh MBean info (JMX keeps per-MBean state in it) over the attribute and operation infos of the classes. */
    private ModelMBeanInfo info(Object managed, Object custom, ObjectName name) throws JMException {
        if (managed == null || Proxy.isProxyClass(managed.getClass())) {
            return assembler.getMBeanInfo(camelContext, managed, custom, name.toString());
        }
        Key key = new Key(managed.getClass(), custom == null ? null : custom.getClass());
        ModelMBeanInfo template = infos.get(key);
        if (template == null) {
            template = assembler.getMBeanInfo(camelContext, managed, custom, name.toString());
            if (template == null) {
                return null;
            }
            infos.put(key, template);
        }
        // every MBean its own info and arrays; the attribute and operation infos themselves are shared (see above)
        return new ModelMBeanInfoSupport(template.getClassName(), template.getDescription(),
                copy(template.getAttributes(), ModelMBeanAttributeInfo[].class), null,
                copy(template.getOperations(), ModelMBeanOperationInfo[].class),
                copy(template.getNotifications(), ModelMBeanNotificationInfo[].class));
    }

    private static <T> T[] copy(Object[] infos, Class<T[]> type) {
        return Arrays.copyOf(infos, infos.length, type);
    }

    @Override
    protected void doInit() throws Exception {
        ServiceHelper.initService(assembler);
    }

    @Override
    protected void doStart() throws Exception {
        ServiceHelper.startService(assembler);
    }

    @Override
    protected void doStop() throws Exception {
        ServiceHelper.stopService(assembler);
        infos.clear();
    }

    @Override
    protected void doShutdown() throws Exception {
        ServiceHelper.stopAndShutdownService(assembler);
    }
}
