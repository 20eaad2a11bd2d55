package dev.dbrace.support;

import dev.dbrace.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import picocli.CommandLine;

/** Runs dbrace in-process and keeps what it printed. */
public record Cli(int exit, String out, String err) {

    public static Cli run(String... args) {
        return start(args).await();
    }

    /**
     * Starts dbrace on a thread of its own, so that a test can act on what it prints while it runs. An {@code explain}
     * without {@code --out} (its --all and --scenario write a page) writes into a temporary folder, not into the
     * project's results/.
     */
    public static Running start(String... given) {
        String[] args = withOut(given);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        Path folder = args == given ? null : Path.of(args[args.length - 1]);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
            try {
                return cl.execute(args);
            } finally {
                if (folder != null) {
                    deleteTree(folder);
                }
            }
        });
        return new Running(exit, out, err);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // the test JVM's temporary folder is under target/, which the next build cleans
        }
    }

    private static String[] withOut(String[] args) {
        List<String> all = Arrays.asList(args);
        if (args.length == 0 || !args[0].equals("explain") || all.contains("--out")) {
            return args;
        }
        try {
            String[] more = Arrays.copyOf(args, args.length + 2);
            more[args.length] = "--out";
            more[args.length + 1] = Files.createTempDirectory("cli-explain").toString();
            return more;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A dbrace command still running. */
    public record Running(CompletableFuture<Integer> exit, StringWriter out, StringWriter err) {

        /**
         * Waits until what dbrace printed on stderr satisfies {@code seen}: evidence, not time. Gives up
         * after {@code minutes} only as a guard against a hang.
         */
        public boolean awaitErr(Predicate<String> seen, int minutes) throws InterruptedException {
            long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
            while (!seen.test(err.toString())) {
                if (exit.isDone() || System.nanoTime() - until > 0) {
                    return seen.test(err.toString());
                }
                Thread.sleep(20);
            }
            return true;
        }

        public Cli await() {
            return new Cli(exit.join(), out.toString(), err.toString());
        }
    }
}
