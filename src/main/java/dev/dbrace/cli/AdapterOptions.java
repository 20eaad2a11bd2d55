package dev.dbrace.cli;

import dev.dbrace.worker.Adapters;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The team's code named by its stack, started through an adapter shipped with dbrace instead of a worker command:
 * {@code --django myapp.services.get_tag --settings myproject.settings}.
 */
final class AdapterOptions {

    @Option(names = "--django", paramLabel = "FUNCTION",
            description = "Race (or explore) a function of your Django project by its dotted path, e.g. "
                    + "myapp.services.create_or_update_myobj, through the Django adapter shipped with dbrace, under "
                    + "your --settings module (its DATABASES options and isolation, unless -i asks for one). Needs "
                    + "--table and --key-columns; the function gets one keyword per key column, and state if it takes it.")
    String django;

    @Option(names = "--settings", paramLabel = "MODULE",
            description = "With --django: your settings module, e.g. myproject.settings.")
    String settings;

    @Option(names = "--project", paramLabel = "DIR", defaultValue = ".",
            description = "With --django: the folder your project imports from (default: the current one).")
    Path project;

    @Option(names = "--python", paramLabel = "PATH", defaultValue = "python3",
            description = "With --django: the Python that has your project's Django and driver (default: ${DEFAULT-VALUE}).")
    String python;

    @Option(names = "--django-keys", paramLabel = "FUNCTION",
            description = "With --django, where a foreign key constrains the key columns: your make_keys(start, count) by "
                    + "dotted path, which creates the parent rows and returns one dict of key column values per key.")
    String djangoKeys;

    /** True when code was named by its stack. */
    boolean given() {
        return django != null;
    }

    /** The worker command that runs the named code; null when none was named. */
    String command(CommandSpec spec) {
        if (django == null) {
            if (settings != null || djangoKeys != null) {
                throw new ParameterException(spec.commandLine(), "--settings and --django-keys go with --django");
            }
            return null;
        }
        if (settings == null || settings.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--django " + django + " needs --settings (your settings "
                    + "module, e.g. myproject.settings)");
        }
        return adapter(spec, "worker") + " --function " + quote(django);
    }

    /** The keys command that calls --django-keys; null when none was given. */
    String keysCommand(CommandSpec spec) {
        return djangoKeys == null ? null : adapter(spec, "keys") + " --make-keys " + quote(djangoKeys);
    }

    /** The name reports give the code: its function's name. */
    String name() {
        return django.substring(django.lastIndexOf('.') + 1);
    }

    /** The adapter in {@code mode} ({@code worker} or {@code keys}) under the team's project and settings. */
    private String adapter(CommandSpec spec, String mode) {
        Path adapter;
        try {
            adapter = Adapters.path("dbrace_django.py");
        } catch (IllegalStateException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return quote(python) + " " + quote(adapter.toString()) + " " + mode + " --path " + quote(project.toAbsolutePath().normalize()
                .toString()) + " --settings " + quote(settings);
    }

    /** One word for sh -c. */
    static String quote(String s) {
        return s.matches("[A-Za-z0-9_./:=@%+,-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
