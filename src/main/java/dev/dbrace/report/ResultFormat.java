package dev.dbrace.report;

import java.io.IOException;
import java.io.Writer;

/** One way of writing a {@link RunReport}: the console table, JSON, … */
public interface ResultFormat {

    void write(RunReport report, Writer out) throws IOException;
}
