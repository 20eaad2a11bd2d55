package dev.dbrace.strategy;

/**
 * Django's {@code MyObj.DoesNotExist}: a re-read after a duplicate-key error returned no row.
 * Not a database error — the database answered, with nothing.
 */
public final class DoesNotExistException extends Exception {

    public DoesNotExistException(Key key) {
        super("MyObj matching query does not exist (" + key + ")", null, false, false);
    }
}
