package dev.dbrace.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbrace.api.GetOrCreate;
import dev.dbrace.api.RaceTarget;
import dev.dbrace.api.Result;
import dev.dbrace.api.Seen;
import dev.dbrace.support.Databases;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * What user code throws, classified by what the caller saw: Spring's and Hibernate's wrappers of a
 * duplicate key are integrity errors, JPA's NoResultException and a null are does-not-exist. Each
 * race's losers all take the path under test, so the counts are exact.
 */
class ThrownExceptionsTest {

    private static Result race(RaceTarget db, String name, GetOrCreate code) {
        Result r = db.race(name, code).threads(4).rounds(40).run();
        assertThat(r.calls()).isEqualTo(160);
        return r;
    }

    @Test
    void springsDuplicateKeyExceptionIsAnIntegrityError() {
        RaceTarget db = RaceTarget.of(Databases.embeddedMariaDb());
        Result r = race(db, "spring-insert", call -> {
            JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(call.connection(), true));
            jdbc.update("INSERT INTO " + call.table() + " (thing_id, owner_id, state) VALUES (?, ?, ?)",
                    call.thingId(), call.ownerId(), call.state());
            return Seen.created(jdbc.queryForObject("SELECT LAST_INSERT_ID()", Long.class));
        });
        assertThat(r.count("created")).isEqualTo(40);
        assertThat(r.count("integrity_error")).as(r.summary()).isEqualTo(120);
        assertThat(r.samples().get("integrity_error").get(0)).startsWith("org.springframework.dao.DuplicateKeyException")
                .contains("caused by SQLState 23000, code 1062");
        assertThat(r.dbErrors().get("duplicate_key")).as("each counted once, though it passed dbrace's connection").isEqualTo(120);
    }

    @Test
    void hibernatesConstraintViolationIsAnIntegrityErrorAndNoResultIsDoesNotExist() {
        RaceTarget db = RaceTarget.of(Databases.embeddedPostgres());
        try (EntityManagerFactory emf = HibernateGetOrCreate.factory(db.dataSource(), db.server())) {
            Result persist = race(db, "persist-only", call -> emf.callInTransaction(em -> {
                MyObj o = new MyObj(call.thingId(), call.ownerId(), call.state());
                em.persist(o);
                em.flush();
                return Seen.created(o.getId());
            }));
            assertThat(persist.count("created")).isEqualTo(40);
            assertThat(persist.count("integrity_error")).as(persist.summary()).isEqualTo(120);
            assertThat(persist.samples().get("integrity_error").get(0)).contains("ConstraintViolationException")
                    .contains("SQLState 23505");

            Result single = race(db, "get-single-result", call -> emf.callInTransaction(em -> Seen.found(
                    em.createQuery("select o.id from MyObj o where o.thingId = :t and o.ownerId = -1", Long.class)
                            .setParameter("t", call.thingId()).getSingleResult())));
            assertThat(single.count("does_not_exist")).isEqualTo(160);
            assertThat(single.samples().get("does_not_exist").get(0)).startsWith("jakarta.persistence.NoResultException");

            Result none = race(db, "returns-null", call -> null);
            assertThat(none.count("does_not_exist")).isEqualTo(160);
            assertThat(none.dbErrorsComplete()).as("no statement ran through dbrace's connections").isFalse();
        }
    }
}
