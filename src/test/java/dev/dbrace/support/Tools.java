package dev.dbrace.support;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * External programs a test needs. Where one is missing the test is skipped and says why; under CI
 * ({@code CI=true}), whose script installs them, a missing one fails the test instead.
 */
public final class Tools {

    private Tools() {
    }

    /** Returns {@code path} when it is an executable; else skips (fails under CI) with {@code why}. */
    public static Path require(String path, String why) {
        Path p = Path.of(path);
        if (!Files.isExecutable(p)) {
            missing(path + " is missing: " + why);
        }
        return p;
    }

    /** Returns {@code path} when such a file exists (a shared library, say); else skips (fails under CI) with {@code why}. */
    public static Path requireFile(String path, String why) {
        Path p = Path.of(path);
        if (!Files.isRegularFile(p)) {
            missing(path + " is missing: " + why);
        }
        return p;
    }

    /**
     * Runs {@code command} (an interpreter loading the packages a test needs, say); when it fails,
     * skips (fails under CI) with {@code why} and what it printed.
     */
    public static void requireWorks(String why, String... command) {
        require(command[0], why);
        String printed;
        int status;
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            status = p.waitFor();
        } catch (IOException e) {
            printed = e.getMessage();
            status = -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (status != 0) {
            missing(String.join(" ", command) + " failed (" + printed.lines().reduce((a, b) -> b).orElse("") + "): " + why);
        }
    }

    private static void missing(String message) {
        if ("true".equals(System.getenv("CI"))) {
            fail(message + " (.ci/run should have installed it)");
        }
        assumeTrue(false, message);
    }
}
