package dev.dbrace.cli;

import dev.dbrace.campaign.Campaign;
import dev.dbrace.campaign.Campaign.Unreachable;
import dev.dbrace.db.ConnectFailure;
import dev.dbrace.db.Mask;
import dev.dbrace.db.Preflight;
import dev.dbrace.db.Settings;
import dev.dbrace.db.Target;
import dev.dbrace.db.TargetUnavailableException;
import dev.dbrace.db.Targets;
import dev.dbrace.topology.Topologies;
import java.io.Console;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

import dev.dbrace.db.Mask;
import dev.dbrace.db.Target;
import dev.dbrace.db.Targets;
import java.io.Console;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Where to race: {@code --db} (embedded servers or containers dbrace starts) and/or {@code --url}
 * (servers the user runs). Without either, the embedded MariaDB.
 */
public final class TargetOptions {

    @Option(names = "--db", paramLabel = "NAME", split = ",",
            description = "Databases to start and race in turn: embedded-mariadb (the default without --url), "
                    + "embedded-postgres, a topology of several servers — galera[:N], mariadb-replica[:semisync], "
                    + "postgres-replica[:sync|:remote-apply], patroni[:sync][,3] (Debian's server packages) — or a "
                    + "Docker image such as "
                    + "mysql:8.4, mariadb:11, postgres:17 (needs Docker).")
    List<String> db;

    @Option(names = "--node", paramLabel = "JDBC-URL",
            description = "One node of a multi-writer database you run (a Galera or Group Replication cluster). "
                    + "Repeat it for each node: the nodes are raced as one database, threads spread round-robin over "
                    + "them; the first sets up and verifies.")
    List<String> node;

    @Option(names = "--read-url", paramLabel = "JDBC-URL",
            description = "Route plain reads to this server (a replica), as a read router does; writes and locking "
                    + "reads go to --url or --node. It may be read-only.")
    String readUrl;

    @Option(names = "--url", paramLabel = "JDBC-URL",
            description = "A server you run: jdbc:mysql://host:port/db, jdbc:mariadb://… or jdbc:postgresql://… "
                    + "Repeatable; a user= in the URL wins over --user.")
    List<String> url;

    @Option(names = "--user", paramLabel = "USER", description = "User for --url (default root).")
    String user;

    @Option(names = "--schema", paramLabel = "FILE",
            description = "SQL run on the target once it is up, before anything else: your tables on an embedded "
                    + "server, say. Statements end with ';' at a line's end; -- comments are skipped.")
    Path schema;

    @Option(names = "--password", paramLabel = "PASSWORD", arity = "0..1", interactive = true,
            description = "Password for --url. Prefer DBRACE_PASSWORD: a password on the command line stays in "
                    + "the shell history. Without either, dbrace prompts when it has a terminal.")
    char[] password;

    private String resolved;

    /** The password from --password, DBRACE_PASSWORD or a prompt, in that order; asked once; never null. */
    String resolvePassword(PrintWriter err) {
        if (resolved != null) {
            return resolved;
        }
        if (password != null) {
            if (password.length > 0) {
                err.println("warning: --password with a value is kept in your shell history; prefer DBRACE_PASSWORD");
            }
            resolved = new String(password);
        } else if (System.getenv("DBRACE_PASSWORD") != null) {
            resolved = System.getenv("DBRACE_PASSWORD");
        } else {
            Console console = System.console();
            char[] typed = console == null ? null : console.readPassword("Password for %s: ", user == null ? "root" : user);
            resolved = typed == null ? "" : new String(typed);
        }
        return resolved;
    }

    @Option(names = "--server-set", paramLabel = "NAME=VALUE",
            description = "A global or startup setting for the embedded servers dbrace starts (mariadbd --NAME=VALUE, "
                    + "postgresql.conf). A server you run (--url) is never reconfigured. Repeatable.")
    List<String> serverSet = new ArrayList<>();

    /** The --server-set settings (one value each). */
    Settings serverSettings() {
        return Settings.one(serverSet);
    }

    /** The databases to race, as reports name them: each --db, then each masked --url. */
    List<String> names() {
        List<String> names = new ArrayList<>();
        if (db != null) {
            names.addAll(db);
        }
        if (url != null) {
            url.forEach(u -> names.add(Mask.text(u)));
        }
        if (node != null && !node.isEmpty()) {
            names.add(nodesName());
        }
        if (names.isEmpty()) {
            names.add(Targets.EMBEDDED_MARIADB);
        }
        return names;
    }

    /** How reports name the --node servers raced as one: "nodes(3): jdbc:mysql://…, …". */
    private String nodesName() {
        return "nodes(" + node.size() + "): " + String.join(", ", node.stream().map(Mask::text).toList());
    }

    /** A server the user runs, by URL, with the credentials given. */
    private Target forUrl(String u, PrintWriter err) {
        if (!serverSet.isEmpty()) {
            throw new IllegalArgumentException("--server-set applies to the embedded servers dbrace starts; "
                    + "the server at " + Mask.text(u) + " is never reconfigured (use --set for session settings)");
        }
        String who = user != null ? user : u.contains("user=") ? null : "root";
        boolean urlHasPassword = u.toLowerCase(Locale.ROOT).contains("password=");
        String pw = password == null && System.getenv("DBRACE_PASSWORD") == null && urlHasPassword
                ? "" : resolvePassword(err);   // "": the URL's own password applies, no prompt
        if (u.startsWith("jdbc:mariadb:")) {
            err.println("dbrace: " + Mask.text(u) + " is served by MySQL Connector/J, dbrace's driver for MySQL and "
                    + "MariaDB (the Java API's DataSource names the server MariaDB, so an ORM picks its MariaDB dialect)");
        }
        return Targets.forUrl(u, who, pw);
    }

    /** {@code t} with its plain reads routed to --read-url, when given. */
    private Target routed(Target t, String name, PrintWriter err) {
        if (readUrl == null) {
            return t;
        }
        return Target.spread(name + " reads→" + Mask.text(readUrl), t.nodes(), forUrl(readUrl, err), null);
    }

    /** Starts or connects to the target named {@code name} (one of {@link #names}). */
    Target open(String name, PrintWriter err, int maxConnections) throws Exception {
        if (node != null && !node.isEmpty() && name.equals(nodesName())) {
            List<Target> nodes = new ArrayList<>();
            for (String u : node) {
                nodes.add(forUrl(u, err));
            }
            return Target.spread(readUrl == null ? name : name + " reads→" + Mask.text(readUrl), nodes,
                    readUrl == null ? null : forUrl(readUrl, err), null);
        }
        if (readUrl != null && (url == null || url.stream().noneMatch(u -> Mask.text(u).equals(name)))) {
            throw new IllegalArgumentException("--read-url routes the reads of a server you run (--url or --node); "
                    + "dbrace's own replica topologies route theirs (--db mariadb-replica, --db postgres-replica)");
        }
        if (Topologies.find(name).isPresent()) {
            if (!serverSet.isEmpty()) {
                throw new IllegalArgumentException("--server-set applies to the embedded servers, not to --db " + name);
            }
            return Topologies.start(name, maxConnections);
        }
        if (url != null) {
            for (String u : url) {
                if (Mask.text(u).equals(name)) {
                    return routed(forUrl(u, err), name, err);
                }
            }
        }
        return Targets.start(name, maxConnections, serverSettings());
    }

    /**
     * Opens the target and makes its first connection. Bad names become a usage error; anything else
     * is printed as one line (stack trace only with {@code verbose}) and raised as {@link Unreachable}.
     */
    Target connect(String name, int maxConnections, boolean verbose, picocli.CommandLine.Model.CommandSpec spec)
            throws Unreachable {
        return connect(name, maxConnections, 0, verbose, spec);
    }

    /** As {@link #connect(String, int, boolean, picocli.CommandLine.Model.CommandSpec)}, then a {@link dev.dbrace.db.Preflight} for {@code threads}. */
    Target connect(String name, int maxConnections, int threads, boolean verbose,
                   picocli.CommandLine.Model.CommandSpec spec) throws Unreachable {
        PrintWriter err = spec.commandLine().getErr();
        Target t = null;
        try {
            t = open(name, err, maxConnections);
            t.dialect();
            if (schema != null) {
                SchemaFile.run(schema, t);
            }
            if (threads > 0) {
                List<String> problems = Preflight.check(t, threads);
                if (!problems.isEmpty()) {
                    for (String p : problems) {
                        err.println("dbrace: cannot use " + name + ": " + p);
                    }
                    err.flush();
                    t.close();
                    throw new Unreachable();
                }
            }
            return t;
        } catch (Unreachable e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        } catch (Exception e) {
            if (t != null) {
                try {
                    t.close();
                } catch (Exception ignored) {
                    // already failing; the first error is the one to report
                }
            }
            if (e instanceof TargetUnavailableException) {
                err.println("dbrace: " + Mask.text(e.getMessage(), resolved));
            } else {
                String hint = ConnectFailure.hint(e, user == null ? "root" : user,
                        t != null ? t.jdbcUrl() : name);
                err.println("dbrace: cannot use " + name + ": "
                        + (hint != null ? hint : Mask.text(Campaign.rootMessage(e), resolved)));
            }
            if (verbose) {
                e.printStackTrace(err);
            }
            err.flush();
            throw new Unreachable();
        }
    }

    /** True when the user named a target on the command line. */
    boolean given() {
        return (db != null && !db.isEmpty()) || hasUrl();
    }

    /** True when any target is a server the user runs (so a user and a masked password are reported). */
    boolean hasUrl() {
        return (url != null && !url.isEmpty()) || (node != null && !node.isEmpty());
    }
}
