package dev.dbrace.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Writes result files atomically (temp file, then rename) so an interrupted run never leaves half a file. */
public final class ResultFiles {

    private ResultFiles() {
    }

    /** {@code results/2026-11-25T19-30-05}: a new directory name for this run. */
    public static Path defaultDir() {
        return Path.of("results", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss")));
    }

    /**
     * Writes a run's files into {@code outDir} (or a new {@link #defaultDir()} when null), and a copy of
     * the JSON summary to {@code json} when not null; returns the directory.
     */
    public static Path writeRun(Path outDir, Path json, RunReport report) throws IOException {
        Path dir = outDir != null ? outDir : defaultDir();
        writeAll(dir, report);
        if (json != null) {
            write(json, report, new JsonFormat());
        }
        return dir;
    }

    /** Writes summary.json, summary.csv, report.html and latency.hlog into {@code dir}. */
    public static void writeAll(Path dir, RunReport report) throws IOException {
        write(dir.resolve("summary.json"), report, new JsonFormat());
        write(dir.resolve("summary.csv"), report, new CsvFormat());
        write(dir.resolve("report.html"), report, new HtmlFormat());
        write(dir.resolve("latency.hlog"), report, (r, w) -> {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            HlogWriter.write(r, bytes);
            w.write(bytes.toString(StandardCharsets.UTF_8));
        });
    }

    /** Writes one format to {@code file} through a temporary file and a rename, so it is never half-written. */
    public static void write(Path file, RunReport report, ResultFormat format) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            // temp files are created owner-only; results are meant to be shared like any other output
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: keep the default
        }
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                format.write(report, w);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
