package dev.dbrace.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbrace.api.GetOrCreate;
import dev.dbrace.api.Interleavings;
import dev.dbrace.api.OwnTable;
import dev.dbrace.api.RaceTarget;
import dev.dbrace.api.Seen;
import dev.dbrace.db.Target;
import dev.dbrace.support.Databases;
import dev.dbrace.support.Sql;
import jakarta.persistence.EntityManagerFactory;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hibernate on a team's own table, explored through the Java API: a Spring Data style find-or-save (find; if absent,
 * persist and flush, and let the constraint violation out) on {@code shop_label}, whose name is nothing like dbrace's.
 * Every statement Hibernate sends there is a stop, so the exploration gives what a free race gives (created/found,
 * and the loser's integrity error) and never a lock wait timeout; the reduced search gives the unreduced one's
 * combinations; and so does the Hibernate seed on dbrace's table.
 */
class HibernateOwnTableExploreTest {

    private Target used;

    static Stream<Named<Supplier<Target>>> servers() {
        return Stream.of(Named.of("embedded MariaDB 11.4", Databases::embeddedMariaDb),
                Named.of("embedded PostgreSQL 17", Databases::embeddedPostgres));
    }

    @AfterEach
    void drop() {
        if (used != null) {
            Sql.dropOn(List.of(used), "shop_label");
        }
    }

    private static EntityManagerFactory factory(RaceTarget db) {
        return new HibernatePersistenceConfiguration("dbrace-own")
                .managedClass(Label.class)
                .property("hibernate.connection.datasource", db.dataSource())
                .property("hibernate.dialect", db.server().startsWith("MariaDB") ? "org.hibernate.dialect.MariaDBDialect"
                        : "org.hibernate.dialect.PostgreSQLDialect")
                .property("hibernate.boot.allow_jdbc_metadata_access", "false")
                .property("hibernate.connection.provider_disables_autocommit", "true")
                .property("hibernate.hbm2ddl.auto", "none")
                .createEntityManagerFactory();
    }

    /** Spring Data's {@code findByName(name).orElseGet(() -> save(new Label(name)))} in one transaction. */
    private static GetOrCreate findOrSave(EntityManagerFactory emf) {
        return call -> emf.callInTransaction(em -> {
            String name = (String) call.key().get(0);
            Label found = em.createQuery("from Label l where l.name = :n", Label.class).setParameter("n", name)
                    .getResultStream().findFirst().orElse(null);
            if (found != null) {
                return Seen.found(found.getId());
            }
            Label l = new Label(name);
            em.persist(l);
            em.flush();
            return Seen.created(l.getId());
        });
    }

    private static OwnTable labels() {
        long base = System.nanoTime();
        return OwnTable.named("shop_label").keyColumns("name").keys(i -> List.of("label-" + base + "-" + i));
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("servers")
    void findOrSaveOnItsOwnTableGivesTheRacesOutcomesAndTheUnreducedCombinations(Supplier<Target> server)
            throws Exception {
        Target t = server.get();
        used = t;
        boolean pg = t.endpoint().family().equals("postgresql");
        Sql.run(t, "DROP TABLE IF EXISTS shop_label", pg
                ? "CREATE TABLE shop_label (id BIGSERIAL PRIMARY KEY, name VARCHAR(80) NOT NULL UNIQUE)"
                : "CREATE TABLE shop_label (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(80) NOT NULL UNIQUE) "
                + "ENGINE=InnoDB");
        RaceTarget db = RaceTarget.of(t);
        try (EntityManagerFactory emf = factory(db)) {
            for (String level : List.of("read-committed", "repeatable-read")) {
                Interleavings reduced = db.explore("findOrSave", findOrSave(emf)).isolation(level).table(labels()).run();
                Interleavings unreduced = db.explore("findOrSave", findOrSave(emf)).isolation(level).table(labels())
                        .unreduced().run();
                assertThat(reduced.complete()).as(reduced.text()).isTrue();
                assertThat(unreduced.complete()).as(unreduced.text()).isTrue();
                assertThat(reduced.combinations().keySet()).as(level + "\n" + reduced.text() + unreduced.text())
                        .isEqualTo(unreduced.combinations().keySet())
                        .contains(List.of("created", "found"), List.of("created", "integrity_error"))
                        .allSatisfy(c -> assertThat(c).doesNotContain("lock_wait_timeout"));
                assertThat(reduced.text()).as("Hibernate's INSERT into the team's table was a stop")
                        .containsPattern("(?i)insert into shop_label");
            }
        }
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("servers")
    void theHibernateSeedGivesTheUnreducedCombinations(Supplier<Target> server) {
        RaceTarget db = RaceTarget.of(server.get());
        boolean pg = server.get().endpoint().family().equals("postgresql");
        try (EntityManagerFactory emf = HibernateGetOrCreate.factory(db.dataSource(), db.server())) {
            for (String level : List.of("read-committed", "repeatable-read")) {
                GetOrCreate seed = HibernateGetOrCreate.findPersistRefind(emf);
                Interleavings reduced = db.explore("find-persist-refind", seed).isolation(level).run();
                Interleavings unreduced = db.explore("find-persist-refind", seed).isolation(level).unreduced().run();
                assertThat(reduced.complete()).isTrue();
                assertThat(unreduced.complete()).isTrue();
                assertThat(reduced.combinations().keySet()).as(level + "\n" + reduced.text() + unreduced.text())
                        .isEqualTo(unreduced.combinations().keySet());
                if (!pg) {
                    assertThat(reduced.combinations().keySet()).contains(List.of("created", "session_unusable"));
                }
            }
        }
    }
}
