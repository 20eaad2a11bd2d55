package dev.dbrace.measure;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;

/**
 * CPU time this JVM has used, all threads together (JIT compiler and GC included): the client's
 * cost, which on a machine that also runs the server is taken from the server.
 */
public final class ProcessCpu {

    private static final OperatingSystemMXBean OS = bean();

    private ProcessCpu() {
    }

    private static OperatingSystemMXBean bean() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os ? os : null;
    }

    /** CPU nanoseconds used so far; 0 where the JVM cannot tell. */
    public static long nanos() {
        if (OS == null) {
            return 0;
        }
        long n = OS.getProcessCpuTime();
        return Math.max(0, n);
    }
}
