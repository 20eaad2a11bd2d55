package dev.dbrace.race;

import dev.dbrace.outcome.DbError;
import dev.dbrace.outcome.Tally;

/** What every caller keeps besides its calls: the database errors it saw, and whether it saw them all. */
public abstract class CountingCaller implements Caller {

    /** The database errors raised during this caller's calls; written by its thread alone. */
    protected final Tally<DbError> errors = new Tally<>(DbError.class);
    private boolean errorsComplete = true;

    @Override
    public final Tally<DbError> errors() {
        return errors;
    }

    @Override
    public final boolean errorsComplete() {
        return errorsComplete;
    }

    /** Some calls' handled errors were out of sight: the counts are those that escaped, not all. */
    protected final void handledErrorsUnseen() {
        errorsComplete = false;
    }
}
