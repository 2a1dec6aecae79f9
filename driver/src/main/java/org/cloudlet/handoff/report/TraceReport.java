package org.cloudlet.handoff.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Path;

/** An adaptation trace drawn to a file: the chart (.png, .svg), or the chart and a table of the decisions (.html). */
public final class TraceReport {
    private TraceReport() {
    }

    /** Whether {@code file}'s name says a format this writes. */
    public static boolean supports(Path file) {
        return file.getFileName().toString().matches("(?i).*\\.(png|svg|html?)");
    }

    public static void write(JsonNode trace, String title, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true"); // no display on a cloudlet
        ChartFiles.write(TraceChart.of(trace, title), file, DecisionTable.html(trace));
    }
}
