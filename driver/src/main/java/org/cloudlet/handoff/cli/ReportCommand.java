package org.cloudlet.handoff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.cloudlet.handoff.report.TraceReport;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code handoff report TRACE -o FILE}: draws an adaptation trace. */
final class ReportCommand implements Command {
    @Override
    public String name() {
        return "report";
    }

    @Override
    public String summary() {
        return "draw an adaptation trace: input, output and potential output throughput against the link, with the decisions";
    }

    @Override
    public String synopsis() {
        return "TRACE.json -o FILE.png|FILE.svg|FILE.html [--title TEXT]";
    }

    @Override
    public int arguments() {
        return 1;
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder("o").longOpt("output").hasArg().argName("FILE").required()
                        .desc("the chart to write: .png, .svg, or .html (the chart and a table of the decisions)").get())
                .addOption(Option.builder().longOpt("title").hasArg().argName("TEXT").desc("chart title (default: the trace's file name)").get())
                .addOption(Option.builder("h").longOpt("help").desc("show this help").get());
    }

    @Override
    public int run(CommandLine line, PrintStream out) throws Exception {
        Path trace = Path.of(line.getArgList().get(0));
        if (!Files.isRegularFile(trace)) {
            throw new UsageException("no trace file " + trace);
        }
        Path output = Args.outputFile(line, "output");
        if (!TraceReport.supports(output)) {
            throw new UsageException("-o " + output + ": expected a .png, .svg or .html file name");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(trace.toFile());
        } catch (IOException e) {
            throw new IOException(trace + ": not a JSON trace: " + e.getMessage(), e);
        }
        try {
            TraceReport.write(root, line.getOptionValue("title", trace.getFileName().toString()), output);
        } catch (IOException e) {
            throw new IOException(trace + ": " + e.getMessage(), e);
        }
        out.println("report: " + output);
        return 0;
    }
}
