package dev.dbrace.strategy;

import java.sql.SQLException;
import java.util.OptionalLong;

/**
 * {@code share-reread} — the {@link NaiveStrategy} sequence, but the re-read after the duplicate key
 * is a shared-lock read: {@code SELECT … LOCK IN SHARE MODE} on InnoDB, {@code FOR SHARE} on
 * PostgreSQL (see {@link RereadAfterDuplicate}).
 *
 * <p>Like {@link LockingRereadStrategy}, a current read on InnoDB: it finds the row the snapshot hides.
 * With MariaDB's {@code innodb_snapshot_isolation=ON} the read still returns the row, and the UPDATE
 * that follows fails with ERROR 1020 (the row changed since the snapshot).
 */
public final class ShareRereadStrategy extends RereadAfterDuplicate {

    @Override
    public String name() {
        return "share-reread";
    }

    @Override
    public String summary() {
        return "the naive sequence, but the re-read after the duplicate key is a shared-lock read (LOCK IN SHARE MODE / FOR SHARE)";
    }

    @Override
    OptionalLong reread(Session s, Key key, boolean state) throws SQLException {
        return s.selectIdForShare(key);
    }
}
