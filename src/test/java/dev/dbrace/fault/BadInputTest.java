package dev.dbrace.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbrace.cli.ExitCode;
import dev.dbrace.support.Cli;
import dev.dbrace.support.Databases;
import dev.dbrace.db.Target;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Each bad input gets one line naming it and what to do, a distinct exit status, and no stack trace. */
class BadInputTest {

    private static void oneClearLine(Cli r, int status, String... fragments) {
        assertThat(r.exit()).as(r.err()).isEqualTo(status);
        assertThat(r.err()).contains(fragments).doesNotContain("\tat ").doesNotContain("Exception:");
    }

    @Test
    void unknownHostIsOneClearLine() {
        Cli r = Cli.run("run", "--url", "jdbc:mysql://no-such-host.invalid:3306/x", "-q");
        oneClearLine(r, ExitCode.UNREACHABLE, "unknown host");
    }

    @Test
    void malformedUrls() {
        oneClearLine(Cli.run("run", "--url", "mysql://127.0.0.1/x"), ExitCode.USAGE, "unsupported JDBC URL");
        oneClearLine(Cli.run("run", "--url", "jdbc:mysql:/127.0.0.1"), ExitCode.USAGE, "unsupported JDBC URL");
    }

    @Test
    void wrongPasswordAndMissingDatabase() {
        Target service = Databases.mariaDbService();
        oneClearLine(Cli.run("run", "--url", service.jdbcUrl(), "--user", "dbrace_nobody", "--password=wrong-pw", "-q"),
                ExitCode.UNREACHABLE, "access denied for user 'dbrace_nobody'", "DBRACE_PASSWORD");
        oneClearLine(Cli.run("run", "--url", "jdbc:mysql://127.0.0.1:3306/dbrace_no_such_db", "-q"),
                ExitCode.UNREACHABLE, "does not exist");
        Databases.postgresService();
        oneClearLine(Cli.run("run", "--url", "jdbc:postgresql://127.0.0.1:5432/dbrace_no_such_db?user=postgres", "-q"),
                ExitCode.UNREACHABLE, "does not exist");
    }

    @Test
    void moreThreadsThanTheServerAllows() {
        Target service = Databases.mariaDbService();
        Cli r = Cli.run("run", "--url", service.jdbcUrl(), "-t", "5000", "-q");
        oneClearLine(r, ExitCode.UNREACHABLE, "5000 threads need 5002 connections but the server allows", "max_connections");
    }

    @Test
    void userWithoutWritePrivileges() throws Exception {
        Target service = Databases.mariaDbService();
        try (Connection c = service.connect(); Statement s = c.createStatement()) {
            s.execute("DROP USER IF EXISTS 'dbrace_reader'@'%'");
            s.execute("CREATE USER 'dbrace_reader'@'%' IDENTIFIED BY 'reader-pw'");
            s.execute("GRANT SELECT ON test.* TO 'dbrace_reader'@'%'");
            Cli r = Cli.run("run", "--url", service.jdbcUrl(), "--user", "dbrace_reader", "--password=reader-pw", "-q");
            oneClearLine(r, ExitCode.UNREACHABLE, "user 'dbrace_reader' may not create, write or drop tables", "grant CREATE");
        } finally {
            try (Connection c = service.connect(); Statement s = c.createStatement()) {
                s.execute("DROP USER IF EXISTS 'dbrace_reader'@'%'");
            }
        }
    }

    @Test
    void readOnlyServer() throws Exception {
        Target t = Databases.embeddedMariaDb();
        try (Connection c = t.connect(); Statement s = c.createStatement()) {
            s.execute("SET GLOBAL read_only = ON");
            try {
                oneClearLine(Cli.run("run", "--url", t.jdbcUrl(), "-q"), ExitCode.UNREACHABLE, "read-only", "a replica?");
            } finally {
                s.execute("SET GLOBAL read_only = OFF");
            }
        }
    }

    @Test
    void readOnlyPostgres() throws Exception {
        Target t = Databases.embeddedPostgres();
        try (Connection c = t.connect(); Statement s = c.createStatement()) {
            s.execute("ALTER DATABASE postgres SET default_transaction_read_only = on");
            try {
                oneClearLine(Cli.run("run", "--url", t.jdbcUrl(), "-q"), ExitCode.UNREACHABLE, "read_only");
            } finally {
                s.execute("ALTER DATABASE postgres SET default_transaction_read_only = off");
            }
        }
    }
}
