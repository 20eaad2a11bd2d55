package dev.dbrace.worker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The adapters shipped inside dbrace's jar (today the Django one, {@code dbrace_django.py}): each is copied once into
 * dbrace's cache folder ({@code $XDG_CACHE_HOME/dbrace/adapters}, or {@code ~/.cache/dbrace/adapters}), under a folder
 * named by its content's hash, and run from there by the user's own interpreter.
 */
public final class Adapters {

    private static final String RESOURCES = "/dev/dbrace/adapters/";

    private Adapters() {
    }

    /** The path of the shipped adapter {@code file}, copied out of the jar if it is not there yet. */
    public static Path path(String file) {
        byte[] content;
        try (InputStream in = Adapters.class.getResourceAsStream(RESOURCES + file)) {
            if (in == null) {
                throw new IllegalStateException("this dbrace has no adapter " + file + " (the jar was built without it)");
            }
            content = in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the adapter " + file + " from dbrace's jar: " + e.getMessage(), e);
        }
        String env = System.getenv("XDG_CACHE_HOME");
        Path cache = env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache");
        Path dir = cache.resolve("dbrace").resolve("adapters").resolve(hash(content));
        Path target = dir.resolve(file);
        try {
            if (!Files.exists(target)) {
                Files.createDirectories(dir);
                Path tmp = Files.createTempFile(dir, file, ".part");
                Files.write(tmp, content);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot copy the adapter " + file + " to " + dir + ": " + e.getMessage()
                    + "; set XDG_CACHE_HOME to a folder dbrace may write", e);
        }
        return target;
    }

    private static String hash(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
