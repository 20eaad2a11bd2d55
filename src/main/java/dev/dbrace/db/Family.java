package dev.dbrace.db;

/** The server families dbrace speaks to; the dialect follows the server reached, not the URL. */
public enum Family {
    MYSQL, MARIADB, POSTGRESQL;

    public boolean isMysqlFamily() {
        return this != POSTGRESQL;
    }
}
