package dev.dbrace.verify;

import dev.dbrace.db.Target;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * When verification fails on creates, asks every node which of the creators' rows it holds and builds a
 * {@link Diagnosis} for each suspect key: two or more creators, or a creator whose row the checked server
 * lacks. Runs after every node has caught up and before the tables are dropped.
 */
public final class Forensics {

    /** Keys diagnosed at most, in key order. */
    static final int MAX_KEYS = 5;

    private Forensics() {
    }

    public static List<Diagnosis> examine(List<Target> nodes, String table, Creators creators) throws SQLException {
        Map<String, Set<Long>> idsOn = new LinkedHashMap<>();
        for (Target node : nodes) {
            idsOn.put(node.label(), ids(node, table));
        }
        Set<Long> checked = idsOn.values().iterator().next();
        List<Diagnosis> out = new ArrayList<>();
        for (long key : new TreeSet<>(creators.keys())) {
            List<Creators.Creator> told = creators.of(key);
            boolean suspect = told.size() > 1 || told.stream().anyMatch(c -> !checked.contains(c.id()));
            if (!suspect) {
                continue;
            }
            List<Diagnosis.Creator> evidence = new ArrayList<>();
            for (Creators.Creator c : told) {
                Map<String, Boolean> rowOn = new LinkedHashMap<>();
                idsOn.forEach((node, ids) -> rowOn.put(node, ids.contains(c.id())));
                evidence.add(new Diagnosis.Creator(c.node(), c.session(), c.id(), rowOn, c.statements()));
            }
            out.add(new Diagnosis(key, Diagnosis.Story.judge(evidence), evidence));
            if (out.size() == MAX_KEYS) {
                break;
            }
        }
        return out;
    }

    private static Set<Long> ids(Target node, String table) throws SQLException {
        Set<Long> ids = new HashSet<>();
        try (Connection c = node.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM " + table)) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }
}
