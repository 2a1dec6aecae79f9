package org.cloudlet.handoff.testbed;

import com.fasterxml.jackson.databind.JsonNode;
import org.cloudlet.handoff.base.Base;
import org.cloudlet.handoff.pipeline.Mode;
import org.cloudlet.handoff.profile.DirtySet;
import org.cloudlet.handoff.profile.ModeProfiler;
import org.cloudlet.handoff.profile.ProfileRun;
import org.cloudlet.handoff.qemu.GuestConsole;
import org.cloudlet.handoff.qemu.QemuVm;
import org.cloudlet.handoff.store.StoredBase;
import org.cloudlet.handoff.stream.RamImages;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Measures an adaptation profile on a reference workload, as {@code handoff profile build} does: the guest's base
 * VM is recorded (once, cached), the guest boots, runs the workload's {@code start} and settles; its memory then
 * goes to a file by QEMU's own migration, and every mode runs over the pages that differ from the base's.
 */
public final class ReferenceProfile {
    /** The guest's main RAM block: where a workload's state lives. */
    private static final String MAIN_RAM = "pc.ram";

    public record Settings(Path guest, int guestMemMiB, Path workload, Duration settle, Path baseStores, Path work,
                           List<Mode> modes, List<Integer> threads, long sampleBytes, int warmup, int repeat) {
    }

    private ReferenceProfile() {
    }

    public static void build(Settings s, PrintStream log, ProfileRun.Listener each) throws IOException, InterruptedException {
        Files.createDirectories(s.work());
        QemuVm.Spec spec = QemuVm.Spec.of(s.guest(), s.guestMemMiB());
        StoredBase base = TestbedBases.ensure(s.baseStores(), spec, s.guest(), log);
        Path state = s.work().resolve("state.mig");
        Files.deleteIfExists(state);
        try (QemuVm vm = QemuVm.boot(spec.launchedWith(List.of()), s.work().resolve("vm"));
             GuestConsole console = vm.console(Duration.ofSeconds(30))) {
            console.awaitShell(Duration.ofSeconds(180));
            log.println("profile: guest up; starting the reference workload");
            String started = GuestWorkload.start(console, s.workload(), Duration.ofMinutes(20));
            log.println("profile: " + started.strip() + "; settling " + s.settle().toSeconds() + " s");
            Thread.sleep(s.settle().toMillis());
            vm.qmp().execute("migrate-set-parameters", Map.of("max-bandwidth", 1L << 40)); // a file: no need to pace
            vm.qmp().execute("migrate", Map.of("uri", "exec:cat > " + state));
            JsonNode done = vm.qmp().awaitMigration(Duration.ofMinutes(30), "completed");
            if (!done.path("status").asText().equals("completed")) {
                throw new IOException("saving the guest's memory failed: " + done);
            }
        }
        Path baseRam = mainRam(base.memory());
        Path stateRam = mainRam(state);
        try (Base b = Base.open(base.disk(), baseRam, Runtime.getRuntime().availableProcessors())) {
            DirtySet dirty = DirtySet.load(b, null, stateRam, s.sampleBytes(), 1);
            log.printf("profile: %,d modified chunks (%,d bytes) of the guest's memory, %d modes x threads %s%n",
                    dirty.size(), dirty.bytes(), s.modes().size(), s.threads());
            ProfileRun.run(new ModeProfiler(b, dirty), s.modes(), s.threads(), s.warmup(), s.repeat(), each);
        }
    }

    private static Path mainRam(Path stream) throws IOException {
        return RamImages.materialize(stream).stream().filter(i -> i.idstr().equals(MAIN_RAM)).findFirst()
                .orElseThrow(() -> new IOException(stream + " has no " + MAIN_RAM + " block")).file();
    }
}
