package dev.dbrace.db;

import dev.dbrace.outcome.ErrorCodes;
import java.util.function.Function;
import java.util.function.Predicate;

/** A {@link DialectProvider} made of data: what most families need, so that each provider is one constructor call. */
abstract class BasicProvider implements DialectProvider {

    private final String name;
    private final String urlScheme;
    private final ErrorCodes codes;
    private final Predicate<ServerInfo> recognises;
    private final Function<ServerInfo, Dialect> dialect;

    BasicProvider(String name, String urlScheme, ErrorCodes codes, Predicate<ServerInfo> recognises,
                  Function<ServerInfo, Dialect> dialect) {
        this.name = name;
        this.urlScheme = urlScheme;
        this.codes = codes;
        this.recognises = recognises;
        this.dialect = dialect;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String urlScheme() {
        return urlScheme;
    }

    @Override
    public ErrorCodes errorCodes() {
        return codes;
    }

    @Override
    public boolean recognises(ServerInfo server) {
        return recognises.test(server);
    }

    @Override
    public Dialect dialect(ServerInfo server) {
        return dialect.apply(server);
    }
}
