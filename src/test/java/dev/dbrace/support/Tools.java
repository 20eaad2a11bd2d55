package dev.dbrace.support;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
            String message = path + " is missing: " + why;
            if ("true".equals(System.getenv("CI"))) {
                fail(message + " (.ci/run should have installed it)");
            }
            assumeTrue(false, message);
        }
        return p;
    }
}
