package dev.dbrace.cli;

import picocli.CommandLine;

/** Reads the version Maven wrote into {@code version.properties}. */
public final class VersionProvider implements CommandLine.IVersionProvider {

    public static String version() {
        return dev.dbrace.report.RunReport.dbraceVersion();
    }

    @Override
    public String[] getVersion() {
        return new String[] {"dbrace " + version(), "Java " + System.getProperty("java.version")};
    }
}
