package dev.dbrace.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbrace.db.MariaDbDialect;
import dev.dbrace.db.PostgresDialect;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The classifier's table for codes this machine cannot provoke (PostgreSQL's are provoked against a
 * real server in the PostgreSQL tests). The message text is deliberately misleading: it must not matter.
 */
class ErrorClassifierTest {

    private final ErrorClassifier mysql = new ErrorClassifier(new MariaDbDialect.Provider().errorCodes());
    private final ErrorClassifier postgres = new ErrorClassifier(new PostgresDialect.Provider().errorCodes());

    private static SQLException e(String state, int code) {
        return new SQLException("Deadlock found when trying to get lock; duplicate entry", state, code);
    }

    @Test
    void mysqlVendorCodeWinsOverSqlState() {
        assertThat(mysql.classify(e("40001", 1213))).isEqualTo(DbError.DEADLOCK);
        assertThat(mysql.classify(e("HY000", 1205))).isEqualTo(DbError.LOCK_WAIT_TIMEOUT);
        assertThat(mysql.classify(e("23000", 1062))).isEqualTo(DbError.DUPLICATE_KEY);
        assertThat(mysql.classify(e("HY000", 3572))).isEqualTo(DbError.LOCK_WAIT_TIMEOUT);
        assertThat(mysql.classify(e("HY000", 3024))).isEqualTo(DbError.QUERY_TIMEOUT);
        assertThat(mysql.classify(e("08S01", 0))).isEqualTo(DbError.CONNECTION);
        assertThat(mysql.classify(e("HY000", 2013))).isEqualTo(DbError.CONNECTION);
        assertThat(mysql.classify(e("HY000", 4031))).isEqualTo(DbError.CONNECTION);
        assertThat(mysql.classify(e("HY000", 1290))).isEqualTo(DbError.READ_ONLY);
        // Group Replication's certification failure at COMMIT; checked against the table only (no Group Replication here)
        assertThat(mysql.classify(e("40000", 3101))).isEqualTo(DbError.CERTIFICATION_FAILURE);
    }

    @Test
    void messageTextNeverDecides() {
        assertThat(mysql.classify(e("HY000", 9999))).isEqualTo(DbError.OTHER);
        assertThat(postgres.classify(e(null, 0))).isEqualTo(DbError.OTHER);
    }

    @Test
    void postgresByStateOnly() {
        assertThat(postgres.classify(e("23505", 0))).isEqualTo(DbError.DUPLICATE_KEY);
        assertThat(postgres.classify(e("40001", 0))).isEqualTo(DbError.SERIALIZATION_FAILURE);
        assertThat(postgres.classify(e("40P01", 0))).isEqualTo(DbError.DEADLOCK);
        assertThat(postgres.classify(e("25P02", 0))).isEqualTo(DbError.TRANSACTION_ABORTED);
        assertThat(postgres.classify(e("55P03", 0))).isEqualTo(DbError.LOCK_WAIT_TIMEOUT);
        assertThat(postgres.classify(e("57P01", 0))).isEqualTo(DbError.CONNECTION);
        // 1062 means nothing to PostgreSQL
        assertThat(postgres.classify(e("XX000", 1062))).isEqualTo(DbError.OTHER);
    }

    @Test
    void driverTimeoutType() {
        assertThat(mysql.classify(new SQLTimeoutException("x", null, 0))).isEqualTo(DbError.QUERY_TIMEOUT);
    }
}
