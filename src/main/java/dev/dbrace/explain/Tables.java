package dev.dbrace.explain;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A set of table names as the dependence relation compares them: none, some (lower case, without schema or quotes),
 * or every table (what a statement whose tables cannot be read may touch).
 */
record Tables(boolean all, Set<String> names) {

    static final Tables NONE = new Tables(false, Set.of());
    static final Tables ALL = new Tables(true, Set.of());

    static Tables of(Set<String> names) {
        return names.isEmpty() ? NONE : new Tables(false, Set.copyOf(names));
    }

    /** A name as written in SQL ({@code `test`.`myobj`}, {@code "public"."tag"}) as compared here: {@code myobj}, {@code tag}. */
    static String normal(String name) {
        String n = name.replace("`", "").replace("\"", "").replace("[", "").replace("]", "");
        int dot = n.lastIndexOf('.');
        return (dot >= 0 ? n.substring(dot + 1) : n).toLowerCase(Locale.ROOT);
    }

    boolean isEmpty() {
        return !all && names.isEmpty();
    }

    boolean meets(Tables other) {
        if (isEmpty() || other.isEmpty()) {
            return false;
        }
        if (all || other.all) {
            return true;
        }
        for (String n : names) {
            if (other.names.contains(n)) {
                return true;
            }
        }
        return false;
    }

    boolean contains(String table) {
        return all || names.contains(normal(table));
    }

    Tables plus(Tables other) {
        if (all || other.all) {
            return ALL;
        }
        if (other.names.isEmpty()) {
            return this;
        }
        if (names.isEmpty()) {
            return other;
        }
        Set<String> u = new HashSet<>(names);
        u.addAll(other.names);
        return new Tables(false, Set.copyOf(u));
    }

    @Override
    public String toString() {
        return all ? "every table" : names.isEmpty() ? "no table" : String.join(", ", new TreeSet<>(names));
    }
}
