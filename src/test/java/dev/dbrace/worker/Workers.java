package dev.dbrace.worker;

import dev.dbrace.support.Tools;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/** The worker programs tests race, and how to tell whether any of their processes outlived a run. */
final class Workers {

    private Workers() {
    }

    /** Debian's interpreter: the one its python3-* packages serve. */
    static String python() {
        return Tools.require("/usr/bin/python3", "the worker tests run Python workers (apt-get install python3)").toString();
    }

    /** {@code /usr/bin/python3 …/fake_worker.py ARGS}: the protocol-test worker, touching no database. */
    static String fake(String args) {
        return python() + " " + resource("/workers/fake_worker.py") + (args.isEmpty() ? "" : " " + args);
    }

    static Path resource(String name) {
        try {
            return Path.of(Workers.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Processes whose command line holds {@code marker}. */
    static List<String> processesWith(String marker) {
        return ProcessHandle.allProcesses()
                .filter(h -> h.pid() != ProcessHandle.current().pid())
                .map(h -> h.pid() + " " + h.info().commandLine().orElse(""))
                .filter(c -> c.contains(marker))
                .toList();
    }
}
