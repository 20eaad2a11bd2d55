package dev.dbrace.db;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** The {@link DialectProvider}s on the class path, in their service-file order. */
public final class Dialects {

    private static final List<DialectProvider> PROVIDERS = load();

    private Dialects() {
    }

    private static List<DialectProvider> load() {
        List<DialectProvider> list = new ArrayList<>();
        ServiceLoader.load(DialectProvider.class, Dialects.class.getClassLoader()).forEach(list::add);
        return List.copyOf(list);
    }

    public static List<DialectProvider> providers() {
        return PROVIDERS;
    }

    /**
     * The dialect of the first provider that recognises {@code server}.
     *
     * @throws UnknownServerException when none does
     */
    public static Dialect of(ServerInfo server) {
        for (DialectProvider p : PROVIDERS) {
            if (p.recognises(server)) {
                return p.dialect(server);
            }
        }
        throw new UnknownServerException("dbrace has no dialect for the server that answered '" + server.versionText()
                + "' (its driver calls it " + server.driverProduct() + "); known families: "
                + PROVIDERS.stream().map(DialectProvider::name).collect(Collectors.joining(", "))
                + ". Add a DialectProvider for it (docs/extending.md)");
    }

    /** The providers whose driver serves {@code jdbcUrl}: the families it may reach. */
    public static List<DialectProvider> forUrl(String jdbcUrl) {
        return PROVIDERS.stream().filter(p -> jdbcUrl.startsWith(p.urlScheme())).toList();
    }

    /** A server no provider recognises. */
    public static final class UnknownServerException extends RuntimeException {
        public UnknownServerException(String message) {
            super(message);
        }
    }
}
