package dev.dbrace.cli;

import dev.dbrace.worker.Adapters;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The team's code named by its stack, started through an adapter shipped with dbrace instead of a worker command:
 * {@code --django myapp.services.get_tag --settings myproject.settings}, {@code --sqlalchemy myapp.tags:get_or_create},
 * {@code --rails Tag.find_or_create --require app/models/tag.rb}. Adapters run through the statement gate: created
 * and found come from the wire.
 */
final class AdapterOptions {

    @Option(names = "--sqlalchemy", paramLabel = "MODULE:FUNCTION",
            description = "Race (or explore) a function of your SQLAlchemy code, e.g. myapp.tags:get_or_create, through "
                    + "the SQLAlchemy adapter shipped with dbrace: every engine your module creates is aimed at the "
                    + "target (your driver and arguments kept). Needs --table and --key-columns; the function gets one "
                    + "keyword per key column, state and session (a Session on your module's engine) if it takes them.")
    String sqlalchemy;

    @Option(names = "--rails", paramLabel = "CLASS.METHOD",
            description = "Race (or explore) a class method of your Active Record code, e.g. Tag.find_or_create, through "
                    + "the Rails adapter shipped with dbrace, under your config/database.yml (or DATABASE_URL) with the "
                    + "target's host, port, database and user. Needs --require for the files that define it, --table and "
                    + "--key-columns; the method gets one keyword per key column, and state: if it takes it.")
    String rails;

    @Option(names = "--nodejs", paramLabel = "MODULE#EXPORT",
            description = "Race (or explore) an exported async function of your Node.js code, e.g. "
                    + "./src/tags.js#getOrCreate, through the Node.js adapter shipped with dbrace, in --project (where "
                    + "your node_modules are). Your module opens its own Sequelize or DataSource from DATABASE_URL or "
                    + "DB_DIALECT, DB_HOST, DB_PORT, DB_NAME, DB_USER, DB_PASSWORD, which dbrace sets, and DBRACE_ISOLATION. "
                    + "Needs --table and --key-columns; the function gets the key as an object.")
    String node;

    @Option(names = "--node-binary", paramLabel = "PATH", defaultValue = "node",
            description = "With --nodejs: the Node.js to run it with (default: ${DEFAULT-VALUE}).")
    String nodeBinary;

    @Option(names = "--laravel", paramLabel = "CLASS::METHOD",
            description = "Race (or explore) a static method of your Laravel (Eloquent) code, e.g. "
                    + "'Team\\Tags::firstOrCreate', through the Laravel adapter shipped with dbrace (Debian's "
                    + "php-illuminate-database), booted on the target. Needs --require for the files that define it, "
                    + "--table and --key-columns; the method gets one named argument per key column.")
    String laravel;

    @Option(names = "--php", paramLabel = "PATH", defaultValue = "php",
            description = "With --laravel: the PHP to run it with (default: ${DEFAULT-VALUE}).")
    String php;

    @Option(names = "--dbix", paramLabel = "PACKAGE::SUB",
            description = "Race (or explore) a sub of your DBIx::Class code, e.g. Team::Tags::find_or_create, through "
                    + "the DBIx::Class adapter shipped with dbrace, with --schema-class connected to the target (--project's "
                    + "lib/ on @INC). Needs --table and --key-columns; the sub gets the schema and one pair per key column.")
    String dbix;

    @Option(names = "--schema-class", paramLabel = "CLASS",
            description = "With --dbix: your DBIx::Class schema class, e.g. Team::Schema.")
    String schemaClass;

    @Option(names = "--perl", paramLabel = "PATH", defaultValue = "perl",
            description = "With --dbix: the Perl to run it with (default: ${DEFAULT-VALUE}).")
    String perl;

    @Option(names = "--require", paramLabel = "FILE",
            description = "With --rails or --laravel: a file to require before the call, relative to --project "
                    + "(repeatable).")
    List<String> requires = new ArrayList<>();

    @Option(names = "--ruby", paramLabel = "PATH", defaultValue = "ruby",
            description = "With --rails: the Ruby that has your Active Record and driver (default: ${DEFAULT-VALUE}).")
    String ruby;

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
            description = "With --django, --sqlalchemy, --rails, --nodejs, --laravel or --dbix: the folder your project imports from "
                    + "(default: the current one).")
    Path project;

    @Option(names = "--python", paramLabel = "PATH", defaultValue = "python3",
            description = "With --django or --sqlalchemy: the Python that has your project's ORM and driver (default: "
                    + "${DEFAULT-VALUE}).")
    String python;

    @Option(names = "--django-keys", paramLabel = "FUNCTION",
            description = "With --django, where a foreign key constrains the key columns: your make_keys(start, count) by "
                    + "dotted path, which creates the parent rows and returns one dict of key column values per key.")
    String djangoKeys;

    /** True when code was named by its stack. */
    boolean given() {
        return django != null || sqlalchemy != null || rails != null || node != null || laravel != null || dbix != null;
    }

    /** The worker command that runs the named code; null when none was named. */
    String command(CommandSpec spec) {
        int named = (django != null ? 1 : 0) + (sqlalchemy != null ? 1 : 0) + (rails != null ? 1 : 0)
                + (node != null ? 1 : 0) + (laravel != null ? 1 : 0) + (dbix != null ? 1 : 0);
        if (named > 1) {
            throw new ParameterException(spec.commandLine(), "name one stack's code a run: --django, --sqlalchemy, "
                    + "--rails, --nodejs, --laravel or --dbix (race several with --worker commands)");
        }
        if (django == null && (settings != null || djangoKeys != null)) {
            throw new ParameterException(spec.commandLine(), "--settings and --django-keys go with --django");
        }
        if (rails == null && laravel == null && !requires.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--require goes with --rails or --laravel");
        }
        if (dbix == null && schemaClass != null) {
            throw new ParameterException(spec.commandLine(), "--schema-class goes with --dbix");
        }
        if (dbix != null) {
            if (schemaClass == null || !schemaClass.matches("\\w+(::\\w+)*")) {
                throw new ParameterException(spec.commandLine(), "--dbix needs --schema-class CLASS (e.g. Team::Schema)");
            }
            return started(spec, "--dbix", dbix, "\\w+(::\\w+)+", "PACKAGE::SUB, e.g. Team::Tags::find_or_create", perl,
                    "dbrace_dbix.pl", List.of("--schema-class", schemaClass));
        }
        if (laravel != null) {
            return started(spec, "--laravel", laravel, "[A-Za-z_\\\\][\\w\\\\]*::\\w+",
                    "CLASS::METHOD, e.g. 'Team\\Tags::firstOrCreate'", php, "dbrace_laravel.php", required());
        }
        if (sqlalchemy != null) {
            return started(spec, "--sqlalchemy", sqlalchemy, "[\\w.]+:\\w+", "MODULE:FUNCTION, e.g. "
                    + "myapp.tags:get_or_create", python, "dbrace_sqlalchemy.py", List.of());
        }
        if (rails != null) {
            return started(spec, "--rails", rails, "[A-Z][\\w:]*\\.\\w+[!?]?", "CLASS.METHOD, e.g. Tag.find_or_create",
                    ruby, "dbrace_rails.rb", required());
        }
        if (node != null) {
            return started(spec, "--nodejs", node, "[^#\\s]+#[A-Za-z_$][\\w$]*", "MODULE#EXPORT, e.g. "
                    + "./src/tags.js#getOrCreate", nodeBinary, "dbrace_node.mjs", List.of());
        }
        if (django == null) {
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

    /** The name reports give the code: its function's or method's name. */
    String name() {
        String named = django != null ? django : sqlalchemy != null ? sqlalchemy.replace(':', '.')
                : node != null ? node.replace('#', '.') : laravel != null ? laravel.replace("::", ".")
                : dbix != null ? dbix.replace("::", ".") : rails;
        return named.substring(named.lastIndexOf('.') + 1).replaceAll("[^A-Za-z0-9_-]", "");
    }

    /**
     * A stack's shipped adapter as a worker command: {@code interpreter file --project DIR [extra…] --call NAMED},
     * once {@code named} has the shape the option takes (else a one-line usage error with an example).
     */
    private String started(CommandSpec spec, String option, String named, String shape, String example,
                           String interpreter, String file, List<String> extra) {
        if (!named.matches(shape)) {
            throw new ParameterException(spec.commandLine(), option + " names " + example + ", not '" + named + "'");
        }
        StringBuilder b = new StringBuilder(quote(interpreter)).append(' ').append(quote(shipped(spec, file).toString()))
                .append(" --project ").append(quote(projectPath()));
        for (String word : extra) {
            b.append(' ').append(quote(word));
        }
        return b.append(" --call ").append(quote(named)).toString();
    }

    /** {@code --require FILE} for each file given. */
    private List<String> required() {
        List<String> words = new ArrayList<>();
        requires.forEach(r -> words.addAll(List.of("--require", r)));
        return words;
    }

    /** The Django adapter in {@code mode} ({@code worker} or {@code keys}) under the team's project and settings. */
    private String adapter(CommandSpec spec, String mode) {
        return quote(python) + " " + quote(shipped(spec, "dbrace_django.py").toString()) + " " + mode + " --path "
                + quote(projectPath()) + " --settings " + quote(settings);
    }

    private String projectPath() {
        return project.toAbsolutePath().normalize().toString();
    }

    private static Path shipped(CommandSpec spec, String file) {
        try {
            return Adapters.path(file);
        } catch (IllegalStateException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** One word for sh -c. */
    static String quote(String s) {
        return s.matches("[A-Za-z0-9_./:=@%+,-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
