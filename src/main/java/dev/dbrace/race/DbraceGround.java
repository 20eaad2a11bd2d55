package dev.dbrace.race;

import dev.dbrace.db.Schema;
import dev.dbrace.strategy.Key;
import dev.dbrace.strategy.KeySpace;
import dev.dbrace.verify.Ledger;
import dev.dbrace.verify.Verification;
import dev.dbrace.verify.Verifier;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** dbrace's own marked tables: {@code myobj} keyed by (thing_id, owner_id), with its parents. */
public record DbraceGround(Schema schema) implements Ground {

    private static final List<String> KEY_COLUMNS = List.of("thing_id", "owner_id");

    @Override
    public String table() {
        return schema.myobj();
    }

    @Override
    public List<String> keyColumns() {
        return KEY_COLUMNS;
    }

    @Override
    public String idColumn() {
        return "id";
    }

    @Override
    public void prepare(Connection admin) throws SQLException {
        schema.recreate(admin);
    }

    @Override
    public void ensureKeys(Connection admin, long keys) throws SQLException {
        schema.ensureParents(admin, KeySpace.thingsFor(keys), KeySpace.ownersFor(keys));
    }

    @Override
    public List<Object> key(long index) {
        Key k = KeySpace.key(index);
        return List.of(k.thingId(), k.ownerId());
    }

    @Override
    public Verification verify(Connection c, Ledger ledger, long keysUsed) throws SQLException {
        return Verifier.verify(c, schema.myobj(), ledger, keysUsed);
    }

    @Override
    public void release(Connection c, boolean keep) throws SQLException {
        if (!keep) {
            schema.drop(c);
        }
    }

    @Override
    public boolean dbraces() {
        return true;
    }
}
