package dev.dbrace.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbrace.support.Databases;
import dev.dbrace.support.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The main case: a team's repository writing its own table, with a string in its key, raced and
 * verified key by key on the embedded MariaDB.
 */
class OwnTableTest {

    private final RaceTarget db = RaceTarget.of(Databases.embeddedMariaDb());

    @BeforeEach
    void tables() throws Exception {
        Sql.run(Databases.embeddedMariaDb(), "DROP TABLE IF EXISTS shop_cart_item", "DROP TABLE IF EXISTS shop_cart_loose",
                "CREATE TABLE shop_cart_item (item_id BIGINT AUTO_INCREMENT PRIMARY KEY, cart_id BIGINT NOT NULL, "
                        + "sku VARCHAR(60) NOT NULL, qty INT NOT NULL, UNIQUE KEY one_line (cart_id, sku)) ENGINE=InnoDB",
                "CREATE TABLE shop_cart_loose (item_id BIGINT AUTO_INCREMENT PRIMARY KEY, cart_id BIGINT NOT NULL, "
                        + "sku VARCHAR(60) NOT NULL, qty INT NOT NULL) ENGINE=InnoDB");
    }

    /** The table with keys no earlier race used (a race's keys must be fresh). */
    private static OwnTable table(String name) {
        long base = System.nanoTime();
        return OwnTable.named(name).keyColumns("cart_id", "sku").idColumn("item_id")
                .keys(i -> List.of(7L, "sku-" + base + "-" + i));
    }

    private static Long find(Connection c, Call call) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT item_id FROM " + call.table() + " WHERE cart_id = ? AND sku = ?")) {
            ps.setObject(1, call.key().get(0));
            ps.setObject(2, call.key().get(1));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    /** The repository method: find, insert, and on the duplicate key find again — in one transaction. */
    private static final GetOrCreate ADD_ITEM = call -> {
        Connection c = call.connection();
        Long id = find(c, call);
        if (id != null) {
            return Seen.found(id);
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + call.table() + " (cart_id, sku, qty) VALUES (?, ?, 1)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setObject(1, call.key().get(0));
            ps.setObject(2, call.key().get(1));
            ps.executeUpdate();
            try (ResultSet k = ps.getGeneratedKeys()) {
                k.next();
                return Seen.created(k.getLong(1));
            }
        } catch (SQLIntegrityConstraintViolationException duplicate) {
            id = find(c, call);
            return id == null ? Seen.doesNotExist() : Seen.found(id);
        }
    };

    @Test
    void theTeamsRepositoryOnItsOwnTable() {
        Result rr = db.race("CartRepository.addItem", ADD_ITEM).table(table("shop_cart_item"))
                .threads(4).rounds(60).isolation("repeatable-read").run();
        assertThat(rr.verified()).as(rr.summary()).isTrue();
        assertThat(rr.count("created")).isEqualTo(60);
        assertThat(rr.count("does_not_exist")).as(rr.summary()).isPositive();
        assertThat(rr.model().verification().rows()).as("one row per raced key").isEqualTo(60);
        assertThat(rr.model().verification().idsSkipped()).as("each loser's failed INSERT burnt an id, counted from the "
                + "table's own ids").isPositive();
        db.race("CartRepository.addItem", ADD_ITEM).table(table("shop_cart_item"))
                .threads(4).rounds(60).isolation("read-committed").run().assertSafe();
    }

    @Test
    void withoutTheUniqueKeyTheVerifierFindsTheDuplicates() {
        Result r = db.race("no-unique-key", ADD_ITEM).table(table("shop_cart_loose")).threads(4).rounds(60).run();
        assertThat(r.verified()).isFalse();
        // callers of one key were given different ids, and the keys have several rows each
        assertThat(r.problems()).anyMatch(p -> p.matches("key #\\d+: one call returned id \\d+, another id \\d+"));
        assertThat(r.model().verification().rows()).as("more rows than keys").isGreaterThan(60);
        assertThat(r.verdict()).isEqualTo("broken");
    }

    @Test
    void dbracesStrategiesRefuseAnOwnTable() {
        assertThatThrownBy(() -> db.strategies("naive").table(table("shop_cart_item")).run())
                .hasMessageContaining("naive races only on dbrace's own tables");
    }

    /**
     * No KeySource: no foreign key constrains (cart_id, sku), so dbrace makes the keys from the catalogue (a cart id
     * above the column's highest, a constant sku), fresh in a second race too; a key column it cannot fill is refused
     * in one line that names it.
     */
    @Test
    void withoutAKeySourceDbraceMakesFreshKeysFromTheCatalogue() throws Exception {
        OwnTable own = OwnTable.named("shop_cart_item").keyColumns("cart_id", "sku").idColumn("item_id");
        for (int i = 0; i < 2; i++) {
            Result r = db.race("CartRepository.addItem", ADD_ITEM).table(own).threads(4).rounds(30)
                    .isolation("repeatable-read").run();
            assertThat(r.verified()).as(r.summary()).isTrue();
            assertThat(r.count("created")).as("every key was new to the table").isEqualTo(30);
            assertThat(r.model().verification().rows()).isEqualTo(30);
        }
        Sql.run(Databases.embeddedMariaDb(), "DROP TABLE IF EXISTS shop_cart_dated", "CREATE TABLE shop_cart_dated ("
                + "item_id BIGINT AUTO_INCREMENT PRIMARY KEY, day DATE NOT NULL, sku VARCHAR(60) NOT NULL, qty INT NOT NULL, "
                + "UNIQUE KEY one_line (day, sku)) ENGINE=InnoDB");
        try {
            assertThatThrownBy(() -> db.race("dated", ADD_ITEM)
                            .table(OwnTable.named("shop_cart_dated").keyColumns("day", "sku").idColumn("item_id"))
                            .threads(2).rounds(2).run())
                    .hasMessageContaining("shop_cart_dated.day is a date").hasMessageContaining("KeySource");
        } finally {
            Sql.run(Databases.embeddedMariaDb(), "DROP TABLE IF EXISTS shop_cart_dated");
        }
    }
}
