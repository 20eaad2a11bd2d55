package dev.dbrace.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbrace.support.Databases;
import java.util.function.Supplier;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;

/**
 * Which dialect a server gets: decided by what the server says of itself, on real servers, and for
 * version texts this machine cannot serve (MySQL, CockroachDB) from their documented forms.
 */
class DialectsTest {

    static Stream<Named<Supplier<Target>>> servers() {
        return Stream.of(Named.of("embedded MariaDB 11.4", Databases::embeddedMariaDb),
                Named.of("MariaDB 10.11 service", Databases::mariaDbService),
                Named.of("embedded PostgreSQL 17", Databases::embeddedPostgres),
                Named.of("PostgreSQL 15 service", Databases::postgresService));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aRealServerGetsItsOwnDialect(Supplier<Target> server) throws Exception {
        Target t = server.get();
        Dialect d = t.dialect();
        String expected = t.jdbcUrl().startsWith("jdbc:postgresql:") ? "postgresql" : "mariadb";
        assertThat(d.name()).isEqualTo(expected);
        assertThat(d.server().major()).as(d.server().versionText()).isGreaterThanOrEqualTo(10);
        assertThat(d.version()).as("reports show a short version").doesNotContain(" on x86");
        assertThat(d.capabilities()).contains(Capability.UPSERT, Capability.INSERT_IGNORING_DUPLICATE);
    }

    @Test
    void mariaDbThroughConnectorJIsMariaDb() {
        Dialect d = Dialects.of(ServerInfo.of("MySQL", "5.5.5-10.11.6-MariaDB-0+deb12u1", "10.11.6-MariaDB-0+deb12u1"));
        assertThat(d.name()).isEqualTo("mariadb");
        assertThat(d.upsert("t").sql()).contains("VALUES(state)");
    }

    @Test
    void mysqlGetsTheRowAliasFrom8019() {
        assertThat(Dialects.of(ServerInfo.of("MySQL", "8.0.18", "8.0.18")).upsert("t").sql()).contains("VALUES(state)");
        Dialect d = Dialects.of(ServerInfo.of("MySQL", "8.0.19", "8.0.19"));
        assertThat(d.name()).isEqualTo("mysql");
        assertThat(d.upsert("t").sql()).contains("AS new").contains("LAST_INSERT_ID(t.id)");
        assertThat(Dialects.of(ServerInfo.of("MySQL", "8.4.3", "8.4.3")).upsert("t").sql()).contains("AS new");
    }

    @Test
    void cockroachDbSpeaksPgjdbcButIsNotPostgres() {
        ServerInfo crdb = ServerInfo.of("PostgreSQL", "13.0.0",
                "CockroachDB CCL v23.1.11 (x86_64-pc-linux-gnu, built 2023/09/27 01:53:43, go1.19.10)");
        assertThatThrownBy(() -> Dialects.of(crdb)).isInstanceOf(Dialects.UnknownServerException.class)
                .hasMessageContaining("CockroachDB CCL v23.1.11").hasMessageContaining("postgresql")
                .hasMessageContaining("docs/extending.md");
    }

    @Test
    void versionsCompareToThePatch() {
        ServerInfo s = ServerInfo.of("MySQL", "8.0.19", "8.0.19-log");
        assertThat(s.atLeast(8, 0, 19)).isTrue();
        assertThat(s.atLeast(8, 0, 20)).isFalse();
        assertThat(s.atLeast(5, 7)).isTrue();
        assertThat(s.atLeast(8, 1)).isFalse();
        ServerInfo pg = ServerInfo.of("PostgreSQL", "15.8", "PostgreSQL 15.8 (Debian 15.8-0+deb12u1) on x86_64-pc-linux-gnu");
        assertThat(pg.major()).isEqualTo(15);
        assertThat(pg.minor()).isEqualTo(8);
        assertThat(Dialects.of(pg).version()).isEqualTo("15.8");
    }

    @Test
    void eachUrlSchemeHasItsCandidateFamilies() {
        assertThat(Dialects.forUrl("jdbc:mysql://h/db")).extracting(DialectProvider::name).containsExactly("mariadb", "mysql");
        assertThat(Dialects.forUrl("jdbc:postgresql://h/db")).extracting(DialectProvider::name).containsExactly("postgresql");
    }
}
