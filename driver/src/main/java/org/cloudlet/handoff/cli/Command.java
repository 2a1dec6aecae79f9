package org.cloudlet.handoff.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

import java.io.PrintStream;

/** One {@code handoff} sub-command: its options and what it does with them. */
interface Command {
    String name();

    /** One line for the command list. */
    String summary();

    /** Usage line after {@code handoff NAME}. */
    String synopsis();

    Options options();

    /** How many positional arguments (after the options' values) the command takes; they must all be given. */
    default int arguments() {
        return 0;
    }

    /** Runs the command; returns the exit status. Bad arguments throw {@link UsageException}. */
    int run(CommandLine line, PrintStream out) throws Exception;
}
