package dev.dbrace.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbrace.db.Target;
import dev.dbrace.support.Databases;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import org.junit.jupiter.api.Test;

/**
 * {@link RaceTarget#dataSource()} names a MariaDB server as what it is, where MySQL Connector/J says "MySQL 5.5.5-…"
 * (and an ORM then picks a MySQL 5.5 dialect and warns); PostgreSQL's metadata is the driver's own.
 */
class DataSourceMetaDataTest {

    @Test
    void aMariaDbServerIsNamedMariaDbWithItsOwnVersion() throws Exception {
        try (RaceTarget db = RaceTarget.url(Databases.MARIADB_SERVICE_URL, "root", "");
             Connection c = db.dataSource().getConnection()) {
            DatabaseMetaData md = c.getMetaData();
            assertThat(md.getDatabaseProductName()).isEqualTo("MariaDB");
            assertThat(md.getDatabaseProductVersion()).startsWith("10.").doesNotStartWith("5.5.5");
            assertThat(md.getDatabaseMajorVersion()).isEqualTo(10);
            assertThat(md.getDatabaseMinorVersion())
                    .isEqualTo(Integer.parseInt(md.getDatabaseProductVersion().split("\\.")[1]));
            assertThat(md.getDriverName()).as("the rest is the driver's").contains("MySQL Connector/J");
        }
    }

    /**
     * MariaDB 11 sends no "5.5.5-" prefix and Connector/J takes it for MySQL 8: its keywords query asks for MySQL's
     * RESERVED column, which MariaDB lacks, and Hibernate could not start on the embedded MariaDB 11.4.
     */
    @Test
    void aMariaDb11ServersKeywordsAreItsOwn() throws Exception {
        Target embedded = Databases.embeddedMariaDb();
        try (RaceTarget db = RaceTarget.url(embedded.jdbcUrl(), embedded.user(), "");
             Connection c = db.dataSource().getConnection()) {
            DatabaseMetaData md = c.getMetaData();
            assertThat(md.getDatabaseMajorVersion()).as("the embedded default is MariaDB 11").isGreaterThanOrEqualTo(11);
            assertThat(md.getSQLKeywords().split(",")).as("MariaDB's reserved words").contains("ACCESSIBLE", "ANALYZE");
        }
    }

    @Test
    void postgresMetadataIsTheDriversOwn() throws Exception {
        try (RaceTarget db = RaceTarget.url(Databases.POSTGRES_SERVICE_URL, "postgres", "");
             Connection c = db.dataSource().getConnection()) {
            assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
        }
    }
}
