package com.example.tags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbrace.api.GetOrCreate;
import dev.dbrace.api.Interleavings;
import dev.dbrace.api.OwnTable;
import dev.dbrace.api.RaceTarget;
import dev.dbrace.api.Result;
import dev.dbrace.api.Seen;
import dev.dbrace.junit.Race;
import dev.dbrace.junit.RaceDatabase;
import dev.dbrace.junit.RaceTest;
import java.util.List;
import jakarta.persistence.EntityManagerFactory;
import javax.sql.DataSource;
import org.hibernate.dialect.MariaDBDialect;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The service's own get-or-create (Spring Data's findByName(...).orElseGet(save)) raced and explored by dbrace inside
 * a {@code @SpringBootTest}, on the service's own table and entity: no renaming, no entity callback, no keys of the
 * test's making. One DataSource is shared: dbrace's, handed to Spring as its bean, so that each racing thread's calls
 * run on the connections dbrace gives that thread (through its statement gate when it explores).
 */
@SpringBootTest
class TagServiceRaceTest {

    /** The database dbrace races on: the MariaDB service. The extension and Spring's context share it. */
    @RaceDatabase
    static final RaceTarget DB = RaceTarget.url("jdbc:mysql://127.0.0.1:3306/test", "root", "");

    /** Spring's DataSource is dbrace's: the one thing a team adds to its test to race its own beans. */
    @TestConfiguration
    static class SharedDataSource {
        @Bean
        DataSource dataSource() {
            return DB.dataSource();
        }
    }

    @Autowired
    TagService service;

    @Autowired
    EntityManagerFactory entityManagerFactory;

    /** The service's call as dbrace sees it: the key dbrace hands out, and what the service says it did. */
    private GetOrCreate getOrCreate() {
        return call -> {
            TagService.Got got = service.getOrCreate((String) call.key().get(0));
            return Seen.of(got.created(), got.tag().getId());
        };
    }

    /** The table Hibernate made for the entity, with fresh names dbrace makes from the catalogue. */
    private static OwnTable tags() {
        return OwnTable.named("tags").keyColumns("name").idColumn("id");
    }

    /** Through dbrace's DataSource Hibernate sees MariaDB as MariaDB, not as the MySQL 5.5 Connector/J would name it. */
    @Test
    void hibernatePicksItsMariaDbDialect() {
        assertThat(entityManagerFactory.unwrap(SessionFactoryImplementor.class).getJdbcServices().getDialect())
                .isInstanceOf(MariaDBDialect.class);
    }

    @RaceTest(threads = 4, rounds = 40, isolation = "read-committed")
    void findOrElseSaveRaisesOnTheUniqueKeyUnderARace(Race race) {
        Result r = race.builder("TagService.getOrCreate", getOrCreate()).table(tags()).run();
        assertThat(r.verified()).as(r.summary()).isTrue();
        assertThat(r.count("created")).as(r.summary()).isEqualTo(40);
        // the losers' INSERTs meet the winner's key: Spring's DataIntegrityViolationException reaches the caller
        assertThat(r.count("integrity_error")).as(r.summary()).isPositive();
    }

    /** The usual fix, a new transaction for the re-find: every caller gets the row, and the wire tells who created it. */
    @RaceTest(threads = 4, rounds = 40, isolation = "repeatable-read")
    void catchAndRefindInANewTransactionGivesEveryCallerTheRow(Race race) {
        Result r = race.builder("TagService.getOrCreateRefindingInNewTransaction", call -> Seen.returned(
                service.getOrCreateRefindingInNewTransaction((String) call.key().get(0)).tag().getId())).table(tags()).throughGate().run();
        assertThat(r.verified()).as(r.summary()).isTrue();
        assertThat(r.count("created")).as(r.summary()).isEqualTo(40);
        assertThat(r.count("found")).as(r.summary()).isEqualTo(120);
    }

    @RaceTest(isolation = "repeatable-read")
    void everyInterleavingOfTwoCallsIsCreatedBesideFoundOrADuplicate(Race race) {
        Interleavings e = race.target().explore("TagService.getOrCreate", getOrCreate()).isolation("repeatable-read")
                .table(tags()).run();
        assertThat(e.complete()).as(e.text()).isTrue();
        assertThat(e.combinations().keySet()).as(e.text()).contains(List.of("created", "integrity_error"),
                List.of("created", "found")).noneMatch(c -> c.contains("lock_wait_timeout"));
    }
}
