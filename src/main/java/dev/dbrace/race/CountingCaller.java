package dev.dbrace.race;

import dev.dbrace.outcome.ErrorLog;

/** What every caller keeps besides its calls: the database errors it saw, and whether it saw them all. */
public abstract class CountingCaller implements Caller {

    /** The database errors raised during this caller's calls, by kind and step; written by its thread alone. */
    protected final ErrorLog errors = new ErrorLog();
    private boolean errorsComplete = true;

    @Override
    public final ErrorLog errors() {
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
