package dev.dbrace.junit;

import dev.dbrace.api.RaceTarget;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves the {@link Race} parameter of a {@link RaceTest}: finds the database (see there), opens it
 * once — an embedded server once per test run, a URL once per test class — and points the result
 * files at {@code target/dbrace/<class>/<method>/}.
 */
public final class RaceExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RaceExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        return p.getParameter().getType() == Race.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        RaceTest settings = c.getRequiredTestMethod().getAnnotation(RaceTest.class);
        if (settings == null) {
            throw new ParameterResolutionException("a Race parameter needs @RaceTest on " + c.getRequiredTestMethod());
        }
        Path root = Path.of(System.getProperty("dbrace.results", "target/dbrace"));
        Path results = root.resolve(c.getRequiredTestClass().getName()).resolve(c.getRequiredTestMethod().getName());
        return new Race(target(settings, c), settings, results);
    }

    private static RaceTarget target(RaceTest s, ExtensionContext c) {
        if (!s.url().isEmpty()) {
            return url(c, s.url(), s.user(), s.password());
        }
        Optional<Object> declared = declared(c);
        if (declared.isPresent()) {
            return fromObject(c, declared.get());
        }
        String url = System.getProperty("dbrace.url");
        if (url != null && !url.isEmpty()) {
            return url(c, url, System.getProperty("dbrace.user", ""), System.getProperty("dbrace.password", ""));
        }
        // an embedded server starts once per test run and stops with it
        ExtensionContext.Store root = c.getRoot().getStore(NS);
        return root.getOrComputeIfAbsent("started:" + s.database(), k -> new Owned(RaceTarget.start(s.database())),
                Owned.class).target;
    }

    private static RaceTarget url(ExtensionContext c, String url, String user, String password) {
        return c.getStore(NS).getOrComputeIfAbsent("url:" + url + "|" + user,
                k -> new Owned(RaceTarget.url(url, user.isEmpty() ? null : user, password)), Owned.class).target;
    }

    /** A String URL, a RaceTarget, or a Testcontainers JDBC container (read reflectively). */
    private static RaceTarget fromObject(ExtensionContext c, Object o) {
        if (o instanceof RaceTarget t) {
            return t;
        }
        if (o instanceof String url) {
            return url(c, url, "", "");
        }
        try {
            String url = (String) o.getClass().getMethod("getJdbcUrl").invoke(o);
            String user = (String) o.getClass().getMethod("getUsername").invoke(o);
            String password = (String) o.getClass().getMethod("getPassword").invoke(o);
            return url(c, url, user, password);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new ParameterResolutionException("@RaceDatabase must be a JDBC URL, a RaceTarget or a JDBC container "
                    + "(with getJdbcUrl, getUsername, getPassword); got a " + o.getClass().getName(), e);
        }
    }

    /** The value of the test class's @RaceDatabase field or method, if it has one. */
    private static Optional<Object> declared(ExtensionContext c) {
        Object instance = c.getTestInstance().orElse(null);
        for (Class<?> k = c.getRequiredTestClass(); k != null && k != Object.class; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (marked(f)) {
                    return Optional.ofNullable(read(f, instance, () -> f.get(Modifier.isStatic(f.getModifiers()) ? null : instance)));
                }
            }
            for (Method m : k.getDeclaredMethods()) {
                if (marked(m) && m.getParameterCount() == 0) {
                    return Optional.ofNullable(read(m, instance, () -> m.invoke(Modifier.isStatic(m.getModifiers()) ? null : instance)));
                }
            }
        }
        return Optional.empty();
    }

    private static boolean marked(AnnotatedElement e) {
        return e.isAnnotationPresent(RaceDatabase.class);
    }

    private interface Reader {
        Object read() throws ReflectiveOperationException;
    }

    private static Object read(AccessibleObject member, Object instance, Reader r) {
        try {
            member.setAccessible(true);
            return r.read();
        } catch (ReflectiveOperationException e) {
            throw new ParameterResolutionException("cannot read @RaceDatabase " + member + ": " + e.getMessage(), e);
        }
    }

    /** A target the extension opened, closed when its store is. */
    private record Owned(RaceTarget target) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            target.close();
        }
    }
}
