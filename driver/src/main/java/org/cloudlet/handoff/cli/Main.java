package org.cloudlet.handoff.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.cloudlet.handoff.pipeline.PipelineException;
import org.cloudlet.handoff.wire.WireFormatException;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code handoff COMMAND [options]}. The one place where exceptions become messages and exit codes:
 * 0 done, 1 failed (I/O, environment), 2 bad command line, 3 bad or mismatched input data.
 */
public final class Main {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int BAD_DATA = 3;

    private final Map<String, Command> commands = new LinkedHashMap<>();

    /**
     * The command line that runs {@code handoff} as this process does (this JVM, its class path, this class): for the
     * processes it starts itself (daemons, disk trackers, the libvirt hook's script in the testbed).
     */
    public static List<String> selfCommand() {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(vmOptions(ManagementFactory.getRuntimeMXBean().getInputArguments()));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        return cmd;
    }

    /**
     * Of this JVM's options, those that size and collect its heap ({@code -XX:…}, {@code -Xmx} and kin): the daemons
     * a testbed starts run with what the testbed was given ({@code HANDOFF_JAVA_OPTS}), as the package's daemon runs
     * with what its service is given; a daemon's collector decides how long the link stops at each pause. Not agents
     * or debug ports, which belong to this process alone.
     */
    static List<String> vmOptions(List<String> inputArguments) {
        return inputArguments.stream().filter(a -> a.startsWith("-XX:") || a.matches("-X(ms|mx|mn|ss)\\S+")).toList();
    }

    private final PrintStream out;
    private final PrintStream err;

    Main(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
        for (Command c : List.of(new EncodeCommand(), new DecodeCommand(), new ProfileCommand(), new DaemonCommand(),
                new ThroughDaemon(new BaseListCommand()), new ThroughDaemon(new BaseCreateCommand()),
                new ThroughDaemon(new BaseAddCommand()), new ThroughDaemon(new BaseExportCommand()),
                new ThroughDaemon(new BaseImportCommand()), new ThroughDaemon(new BaseDeleteCommand()), new DiskMountCommand(), new DiskDirtyCommand(),
                new DiskMarkCommand(), new DiskFlattenCommand(), new TestbedCommand(), new ReportCommand(),
                new ProfileBuildCommand(), new MigrateCommand(), new LibvirtHookCommand())) {
            commands.put(c.name(), c);
        }
    }

    public static void main(String[] args) {
        System.exit(new Main(System.out, System.err).run(args));
    }

    int run(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            printCommands(args.length == 0 ? err : out);
            return args.length == 0 ? USAGE : OK;
        }
        // "base list", "base create", ...: a command group and its sub-command
        int words = args.length > 1 && commands.containsKey(args[0] + " " + args[1]) ? 2 : 1;
        Command command = commands.get(words == 2 ? args[0] + " " + args[1] : args[0]);
        if (command == null) {
            err.println(isGroup(args[0]) ? "handoff " + args[0] + ": expected a sub-command" + (args.length > 1 ? ", not '" + args[1] + "'" : "")
                    : "handoff: unknown command '" + args[0] + "'");
            printCommands(err);
            return USAGE;
        }
        String[] rest = java.util.Arrays.copyOfRange(args, words, args.length);
        if (List.of(rest).contains("--help") || List.of(rest).contains("-h")) {
            printHelp(command, out);
            return OK;
        }
        try {
            CommandLine line = new DefaultParser().parse(command.options(), rest);
            if (line.getArgList().size() > command.arguments()) {
                throw new UsageException("unexpected argument(s): " + String.join(" ", line.getArgList()));
            }
            if (line.getArgList().size() < command.arguments()) {
                throw new UsageException("missing argument(s): see the usage line");
            }
            return command.run(line, out);
        } catch (ParseException | UsageException e) {
            err.println("handoff " + command.name() + ": " + e.getMessage());
            printHelp(command, err);
            return USAGE;
        } catch (WireFormatException e) {
            err.println("handoff " + command.name() + ": bad input: " + e.getMessage());
            return BAD_DATA;
        } catch (PipelineException e) {
            err.println("handoff " + command.name() + ": " + rootMessage(e));
            return FAILED;
        } catch (IOException | RuntimeException e) {
            err.println("handoff " + command.name() + ": " + rootMessage(e));
            if (System.getenv("HANDOFF_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return FAILED;
        } catch (Exception e) {
            err.println("handoff " + command.name() + ": " + e);
            return FAILED;
        }
    }

    private boolean isGroup(String word) {
        for (String name : commands.keySet()) {
            if (name.startsWith(word + " ")) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.toString() : m;
    }

    private void printCommands(PrintStream s) {
        s.println("usage: handoff COMMAND [options]   (handoff COMMAND --help for its options)");
        s.println();
        for (Command c : commands.values()) {
            s.printf("  %-13s %s%n", c.name(), c.summary());
        }
    }

    private static void printHelp(Command c, PrintStream s) {
        PrintWriter w = new PrintWriter(s);
        HelpFormatter f = new HelpFormatter();
        f.printHelp(w, 100, "handoff " + c.name() + " " + c.synopsis(), c.summary(), c.options(), 2, 2, null, false);
        w.flush();
    }
}
