package dev.dbrace.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbrace.api.Interleavings;
import dev.dbrace.api.RaceTarget;
import dev.dbrace.support.Databases;
import jakarta.persistence.EntityManagerFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Real Hibernate 7 explored through the Java API: every interleaving of two sessions of the seed's code, its
 * statements parked at the statement gate. Where the loser's INSERT fails, its re-find auto-flushes the failed
 * entity and Hibernate refuses: session_unusable, in some interleaving, not only now and then in a race.
 */
class HibernateExploreTest {

    @Test
    void theSeedReachesSessionUnusableAndTheFixDoesNot() {
        RaceTarget db = RaceTarget.of(Databases.embeddedMariaDb());
        try (EntityManagerFactory emf = HibernateGetOrCreate.factory(db.dataSource(), db.server())) {
            Interleavings seed = db.explore("find-persist-refind", HibernateGetOrCreate.findPersistRefind(emf), "read-committed");
            assertThat(seed.complete()).isTrue();
            assertThat(seed.reaches("session_unusable")).as(seed.text()).isTrue();
            assertThat(seed.combinations()).containsKey(List.of("created", "session_unusable"));
            assertThat(seed.text()).contains("insert into myobj (owner_id,state,thing_id)").contains("→ ERROR 1062/23000");
            Interleavings fixed = db.explore("refind-in-new-transaction", HibernateGetOrCreate.refindInNewTransaction(emf),
                    "read-committed");
            assertThat(fixed.complete()).isTrue();
            assertThat(fixed.combinations().keySet()).as(fixed.text()).isNotEmpty()
                    .allSatisfy(c -> assertThat(c).containsAnyOf("created").doesNotContain("session_unusable", "does_not_exist"));
        }
    }
}
