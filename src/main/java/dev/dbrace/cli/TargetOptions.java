package dev.dbrace.cli;

import dev.dbrace.target.Target;
import dev.dbrace.target.Targets;
import java.io.Console;
import picocli.CommandLine.Option;

/** Where to race: {@code --db} (embedded or a container) or {@code --url} with credentials. */
public final class TargetOptions {

    @Option(names = "--db", paramLabel = "NAME", defaultValue = Targets.EMBEDDED_MARIADB,
            description = "Database to start: ${DEFAULT-VALUE} (default).")
    String db;

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

    Target open(java.io.PrintWriter err, int maxConnections) throws Exception {
        String pw = url == null ? "" : resolvePassword(err);
        return Targets.open(db, url, user == null ? "root" : user, pw, maxConnections);
    }

    /** What reports call the target. */
    String label() {
        return url != null ? dev.dbrace.report.Mask.text(url) : db;
    }
}
