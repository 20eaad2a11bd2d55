package com.example;

import dev.dbrace.api.GetOrCreate;
import dev.dbrace.api.OwnTable;
import dev.dbrace.api.Seen;
import dev.dbrace.junit.Race;
import dev.dbrace.junit.RaceTest;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

/** Races CartRepository.getOrCreate on its own table, on the embedded MariaDB dbrace starts. */
class CartRepositoryRaceTest {

    private final CartRepository repository = new CartRepository();

    /** The repository as dbrace calls it: on dbrace's connection, for the key dbrace hands out. */
    private final GetOrCreate getOrCreate = call -> {
        CartRepository.Line line = repository.getOrCreate(call.connection(), call.thingId(), (String) call.key().get(1));
        return line == null ? Seen.doesNotExist() : Seen.of(line.created(), line.id());
    };

    /** The team's table, and fresh keys: one cart, a new SKU per round. */
    private static OwnTable cartLines(Race race) throws Exception {
        try (Connection c = race.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS cart_line (id BIGINT AUTO_INCREMENT PRIMARY KEY, cart_id BIGINT NOT NULL, "
                    + "sku VARCHAR(64) NOT NULL, qty INT NOT NULL, UNIQUE KEY one_line (cart_id, sku))");
        }
        long fresh = System.nanoTime();
        return OwnTable.named("cart_line").keyColumns("cart_id", "sku").idColumn("id")
                .keys(i -> List.of(42L, "sku-" + fresh + "-" + i));
    }

    @RaceTest(threads = 4, rounds = 100, isolation = "read-committed")
    void getOrCreateHoldsAtReadCommitted(Race race) throws Exception {
        race.builder("CartRepository.getOrCreate", getOrCreate).table(cartLines(race)).run().assertSafe();
    }

    @RaceTest(threads = 4, rounds = 100, isolation = "repeatable-read")
    void getOrCreateRacesAtRepeatableRead(Race race) throws Exception {
        // a known race, documented: InnoDB's snapshot hides the row that blocked the INSERT
        race.builder("CartRepository.getOrCreate", getOrCreate).table(cartLines(race)).run().assertRacy();
    }
}
