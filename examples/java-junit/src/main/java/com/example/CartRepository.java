package com.example;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;

/** The team's repository: get-or-create a cart line, the seed's way (find, insert, on a duplicate find again). */
public final class CartRepository {

    /** A cart line's id, and whether this call inserted it; null when the re-find found nothing. */
    public record Line(long id, boolean created) {
    }

    public Line getOrCreate(Connection c, long cartId, String sku) throws SQLException {
        Long id = find(c, cartId, sku);
        if (id != null) {
            return new Line(id, false);
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO cart_line (cart_id, sku, qty) VALUES (?, ?, 1)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, cartId);
            ps.setString(2, sku);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return new Line(keys.getLong(1), true);
            }
        } catch (SQLIntegrityConstraintViolationException duplicate) {
            id = find(c, cartId, sku);
            return id == null ? null : new Line(id, false);
        }
    }

    private static Long find(Connection c, long cartId, String sku) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM cart_line WHERE cart_id = ? AND sku = ?")) {
            ps.setLong(1, cartId);
            ps.setString(2, sku);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }
}
