package dev.dbrace.inproc;

import dev.dbrace.db.Dialect;
import dev.dbrace.outcome.ErrorLog;
import dev.dbrace.outcome.Steps;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Sees every database error the user's code meets on connections dbrace handed out, handled or
 * not: connections and their statements are wrapped in proxies that record each
 * {@link SQLException} in the current call's {@link Watch} before rethrowing it.
 */
final class ErrorWatch {

    private static final ThreadLocal<Watch> CURRENT = new ThreadLocal<>();

    private ErrorWatch() {
    }

    /** What one call met: errors by kind, the exceptions themselves (so an escaped one is not counted twice), statements run. */
    static final class Watch {
        final ErrorLog errors;
        final Dialect dialect;
        final Set<SQLException> recorded = Collections.newSetFromMap(new IdentityHashMap<>());
        long statements;

        Watch(ErrorLog errors, Dialect dialect) {
            this.errors = errors;
            this.dialect = dialect;
        }

        /** Counts {@code e} once, at {@code step}; an exception seen before is not counted again. */
        void record(SQLException e, String step) {
            if (recorded.add(e)) {
                errors.add(dialect.classify(e, step), step);
            }
        }
    }

    /** Makes {@code w} the current call's watch on this thread. */
    static void begin(Watch w) {
        w.recorded.clear();
        w.statements = 0;
        CURRENT.set(w);
    }

    static void end() {
        CURRENT.remove();
    }

    /** {@code c} with every statement it makes watched. */
    /** {@code c} watched; its metadata names the server as {@code dialect} does ({@link ServerMetaData}). */
    static Connection wrap(Connection c, Dialect dialect) {
        return (Connection) Proxy.newProxyInstance(ErrorWatch.class.getClassLoader(), new Class<?>[] {Connection.class},
                new Handler(c, true, null, dialect));
    }

    private static final class Handler implements InvocationHandler {
        private final Object target;
        private final boolean connection;
        /** A prepared statement's SQL; null for a connection or a plain statement. */
        private final String sql;
        /** The server's dialect, for a connection's metadata; null for a statement. */
        private final Dialect dialect;

        Handler(Object target, boolean connection, String sql, Dialect dialect) {
            this.target = target;
            this.connection = connection;
            this.sql = sql;
            this.dialect = dialect;
        }

        /** The step a failed call was: the statement's first word, or a connection's COMMIT, ROLLBACK, SAVEPOINT. */
        private String step(Method m, Object[] args) {
            if (connection) {
                return switch (m.getName()) {
                    case "commit" -> "COMMIT";
                    case "rollback" -> "ROLLBACK";
                    case "setSavepoint" -> "SAVEPOINT";
                    case "releaseSavepoint" -> "RELEASE";
                    default -> ErrorLog.UNKNOWN_STEP;
                };
            }
            return Steps.of(args != null && args.length > 0 && args[0] instanceof String s ? s : sql);
        }

        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            if (m.getName().equals("equals") && args != null && args.length == 1) {
                return proxy == args[0];
            }
            if (m.getName().equals("hashCode") && (args == null || args.length == 0)) {
                return System.identityHashCode(proxy);
            }
            Object result;
            try {
                result = m.invoke(target, args);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                Watch w = CURRENT.get();
                if (w != null && cause instanceof SQLException e2) {
                    w.record(e2, step(m, args));
                }
                throw cause;
            }
            if (!connection && m.getName().startsWith("execute")) {
                Watch w = CURRENT.get();
                if (w != null) {
                    w.statements++;
                }
            }
            if (connection && result instanceof DatabaseMetaData md && dialect != null) {
                return ServerMetaData.of(md, dialect.product(), dialect.version());
            }
            if (connection && result instanceof Statement s) {
                Class<?> type = s instanceof CallableStatement ? CallableStatement.class
                        : s instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
                return Proxy.newProxyInstance(ErrorWatch.class.getClassLoader(), new Class<?>[] {type},
                        new Handler(s, false, args != null && args.length > 0 && args[0] instanceof String q ? q : null,
                                null));
            }
            return result;
        }
    }
}
