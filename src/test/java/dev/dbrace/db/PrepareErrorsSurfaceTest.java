package dev.dbrace.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbrace.support.Databases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An error the server returns to a prepare reaches the code that prepared, on every connection dbrace makes,
 * its own SQL's and the user code's alike. Connector/J's default answers a failed {@code COM_STMT_PREPARE} by
 * preparing client-side and drops the error: on Galera that error can be a brute-force abort, and the calls
 * after it then run in a fresh transaction (issue 24). A missing table is the failure one server gives every time.
 */
class PrepareErrorsSurfaceTest {

    static Stream<Named<Supplier<Target>>> servers() {
        return Databases.mysqlFamily();
    }

    private static final String MISSING = "SELECT id FROM dbrace_no_such_table WHERE id = ?";

    @ParameterizedTest
    @MethodSource("servers")
    void aFailedPrepareRaisesItsErrorOnDbracesConnections(Supplier<Target> server) throws Exception {
        Target t = server.get();
        for (boolean userCode : new boolean[] {false, true}) {
            try (HikariDataSource pool = t.pool("prepare-errors", 1, null, Duration.ofSeconds(5), userCode);
                 Connection c = pool.getConnection()) {
                assertThatThrownBy(() -> c.prepareStatement(MISSING).close())
                        .as("userCode=" + userCode).isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(1146));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void theDriversDefaultDropsIt(Supplier<Target> server) throws Exception {
        Target t = server.get();
        Properties p = new Properties();
        p.setProperty("user", "root");
        p.setProperty("sslMode", "DISABLED");
        p.setProperty("allowPublicKeyRetrieval", "true");
        p.setProperty("useServerPrepStmts", "true");
        try (Connection c = DriverManager.getConnection(t.jdbcUrl(), p); PreparedStatement ps = c.prepareStatement(MISSING)) {
            assertThat(ps.getClass().getSimpleName()).as("prepared client-side after the server refused")
                    .isEqualTo("ClientPreparedStatement");
        }
    }
}
