package dev.dbrace.cli;

import dev.dbrace.api.GetOrCreate;
import dev.dbrace.inproc.JavaContender;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The user's {@link GetOrCreate} classes from {@code --strategy-jar}: loaded by name, or listed from
 * the jar's {@code META-INF/services/dev.dbrace.api.GetOrCreate}. Every mistake is one line, exit 2.
 */
final class StrategyJars {

    private final ClassLoader loader;
    private final CommandSpec spec;

    StrategyJars(List<Path> jars, CommandSpec spec) {
        this.spec = spec;
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars) {
            if (!Files.isRegularFile(jar)) {
                throw new ParameterException(spec.commandLine(), "--strategy-jar " + jar + ": no such file");
            }
            try {
                urls.add(jar.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new ParameterException(spec.commandLine(), "--strategy-jar " + jar + ": " + e.getMessage());
            }
        }
        this.loader = new JarFirstClassLoader(urls.toArray(URL[]::new), GetOrCreate.class.getClassLoader());
    }

    /** An instance of {@code className}, which must implement GetOrCreate and have a public no-argument constructor. */
    GetOrCreate load(String className) {
        Class<?> type;
        try {
            type = Class.forName(className, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ParameterException(spec.commandLine(), "--strategy " + className
                    + ": no such class in the --strategy-jar jars, and no such strategy ('dbrace strategies' lists them)");
        }
        if (!GetOrCreate.class.isAssignableFrom(type)) {
            throw new ParameterException(spec.commandLine(), "--strategy " + className + " does not implement "
                    + GetOrCreate.class.getName());
        }
        try {
            return (GetOrCreate) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ParameterException(spec.commandLine(), "--strategy " + className
                    + " cannot be created with a public no-argument constructor: " + e);
        }
    }

    /** A contender for {@code className}, named as the code names itself. */
    JavaContender contender(String className) {
        GetOrCreate code = load(className);
        return new JavaContender(code.name(), code, null);
    }

    /** A contender for {@code className}, named {@code name} in reports (an expectation file's entry). */
    JavaContender contender(String className, String name) {
        return new JavaContender(name, load(className), null);
    }

    /** The implementations the jars declare for ServiceLoader. */
    List<GetOrCreate> declared() {
        List<GetOrCreate> list = new ArrayList<>();
        try {
            ServiceLoader.load(GetOrCreate.class, loader).forEach(list::add);
        } catch (ServiceConfigurationError e) {
            throw new ParameterException(spec.commandLine(), "--strategy-jar: " + e.getMessage());
        }
        return list;
    }
}
