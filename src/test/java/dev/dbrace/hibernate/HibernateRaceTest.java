package dev.dbrace.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbrace.api.GetOrCreate;
import dev.dbrace.api.RaceTarget;
import dev.dbrace.api.Result;
import dev.dbrace.support.Databases;
import jakarta.persistence.EntityManagerFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Real Hibernate 7, raced through dbrace's Java API on the embedded MariaDB 11.4 and PostgreSQL 17:
 * what the patterns of a {@code @Transactional} service method really do. Claims of "seen" race 4
 * threads over 60 rounds, where each losing call of the 180 shows the outcome with a probability
 * measured at 0.25 or more; "never" claims are structural.
 */
class HibernateRaceTest {

    private static Result race(RaceTarget db, String name, GetOrCreate code, String level) {
        // scripts/hibernate-matrix.sh tabulates these files for the README
        Path out = Path.of("target/dbrace/hibernate", db.server().split(" ")[0] + "-" + name + "-" + level);
        Result r = db.race(name, code).threads(4).rounds(60).isolation(level).outDir(out).run();
        assertThat(r.verified()).as(r.summary()).isTrue();
        assertThat(r.count("created")).as("one row per key").isEqualTo(60);
        return r;
    }

    @Test
    void onMariaDb() {
        RaceTarget db = RaceTarget.of(Databases.embeddedMariaDb());
        try (EntityManagerFactory emf = HibernateGetOrCreate.factory(db.dataSource(), db.server())) {
            for (String level : new String[] {"read-committed", "repeatable-read"}) {
                // the seed as written: the re-find auto-flushes the entity whose INSERT failed, and Hibernate refuses
                Result seed = race(db, "find-persist-refind", HibernateGetOrCreate.findPersistRefind(emf), level);
                assertThat(seed.count("session_unusable")).as(seed.summary()).isPositive();
                assertThat(seed.samples().get("session_unusable").get(0))
                        .startsWith("org.hibernate.AssertionFailure").contains("null identifier");
                assertThat(seed.count("does_not_exist")).isZero();
                // the fixed version: a new transaction after the violation
                race(db, "refind-in-new-transaction", HibernateGetOrCreate.refindInNewTransaction(emf), level).assertSafe();
            }
            // with the failed entity cleared, the re-find runs: InnoDB's snapshot hides the row at REPEATABLE READ only
            race(db, "clear-and-refind", HibernateGetOrCreate.clearAndRefind(emf), "read-committed").assertSafe();
            Result rr = race(db, "clear-and-refind", HibernateGetOrCreate.clearAndRefind(emf), "repeatable-read").assertRacy();
            assertThat(rr.count("does_not_exist")).as(rr.summary()).isPositive();
            assertThat(rr.dbErrors().get("duplicate_key")).as("the violations Hibernate met, counted through dbrace's DataSource")
                    .isGreaterThanOrEqualTo(rr.count("does_not_exist"));
            assertThat(rr.dbErrorsComplete()).isTrue();
        }
    }

    @Test
    void onPostgres() {
        RaceTarget db = RaceTarget.of(Databases.embeddedPostgres());
        try (EntityManagerFactory emf = HibernateGetOrCreate.factory(db.dataSource(), db.server())) {
            Result seed = race(db, "find-persist-refind", HibernateGetOrCreate.findPersistRefind(emf), "read-committed");
            assertThat(seed.count("session_unusable")).as(seed.summary()).isPositive();
            // cleared, the re-find meets PostgreSQL's aborted transaction (25P02)
            Result cleared = race(db, "clear-and-refind", HibernateGetOrCreate.clearAndRefind(emf), "read-committed");
            assertThat(cleared.count("other")).as(cleared.summary()).isPositive();
            assertThat(cleared.dbErrors().get("transaction_aborted")).isEqualTo(cleared.count("other"));
            race(db, "refind-in-new-transaction", HibernateGetOrCreate.refindInNewTransaction(emf), "read-committed").assertSafe();
            Result rr = race(db, "refind-in-new-transaction", HibernateGetOrCreate.refindInNewTransaction(emf), "repeatable-read");
            assertThat(rr.count("does_not_exist") + rr.count("integrity_error") + rr.count("session_unusable"))
                    .as("only retryable serialization failures at REPEATABLE READ: " + rr.summary()).isZero();
        }
    }
}
