package dev.dbrace.measure;

import java.lang.management.ManagementFactory;

/**
 * CPU time this JVM has used, all threads together (JIT compiler and GC included): the client's
 * cost, which on a machine that also runs the server is taken from the server.
 */
public final class ProcessCpu {

    private static final com.sun.management.OperatingSystemMXBean OS = bean();

    private ProcessCpu() {
    }

    private static com.sun.management.OperatingSystemMXBean bean() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os ? os : null;
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
