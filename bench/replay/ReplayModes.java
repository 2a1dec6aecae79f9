import org.cloudlet.handoff.pipeline.Mode;
import org.cloudlet.handoff.pipeline.ModeSwitch;
import org.cloudlet.handoff.pipeline.PipelineConfig;
import org.cloudlet.handoff.source.ChunkOrder;
import org.cloudlet.handoff.store.BaseStore;
import org.cloudlet.handoff.stream.DigestingHandler;
import org.cloudlet.handoff.stream.MigrationStreamHandler;
import org.cloudlet.handoff.stream.MigrationStreamReader;
import org.cloudlet.handoff.stream.PageShuffler;
import org.cloudlet.handoff.stream.StreamDigest;
import org.cloudlet.handoff.stream.StreamToPipeline;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes a captured source migration stream in each given mode against a stored base, as a source daemon would
 * (its pipeline, page shuffling and segments), and prints each mode's encoded bytes at every step of the stream:
 * what each mode puts on the wire for the same pages, with no link, QEMU or adaptation in the way.
 * Args: STREAM STORE-DIR BASE-ID MODES(comma-separated) STEP-MIB THREADS.
 */
public final class ReplayModes {
    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: ReplayModes STREAM STORE-DIR BASE-ID MODES STEP-MIB THREADS");
            System.exit(2);
        }
        Path stream = Path.of(args[0]);
        int threads = Integer.parseInt(args[5]);
        long step = Long.parseLong(args[4]) << 20;
        try (var base = BaseStore.open(new BaseStore(Path.of(args[1])).byId(args[2]), threads)) {
            for (String name : args[3].split(",")) {
                Mode mode = Mode.parse(name);
                CountingSink out = new CountingSink();
                PipelineConfig config = PipelineConfig.live(threads).withShuffleWindow(PipelineConfig.LIVE_SHUFFLE_WINDOW);
                StreamToPipeline source = new StreamToPipeline(config, base, new ModeSwitch(mode), out);
                List<String> marks = new ArrayList<>();
                long started = System.nanoTime();
                try (InputStream in = new Marks(Files.newInputStream(stream), step, at -> marks.add(String.format("%d:%.2f", at >> 20, out.bytes / 1e6)))) {
                    MigrationStreamHandler pages = new PageShuffler(source, ChunkOrder.shuffled(1), config.shuffleWindow());
                    new MigrationStreamReader(in, new DigestingHandler(pages, new StreamDigest())).run();
                } finally {
                    source.pipeline().close();
                }
                System.out.printf("%s total %.2f MB in %.1f s; MiB of stream:MB encoded %s%n", mode, out.bytes / 1e6,
                        (System.nanoTime() - started) / 1e9, String.join(" ", marks));
            }
        }
    }

    /** Counts what the pipeline writes. */
    private static final class CountingSink extends OutputStream {
        volatile long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }

    /** Calls back each time the bytes read pass another multiple of the step. */
    private static final class Marks extends FilterInputStream {
        private final long step;
        private final java.util.function.LongConsumer mark;
        private long read;
        private long next;

        Marks(InputStream in, long step, java.util.function.LongConsumer mark) {
            super(new BufferedInputStream(in, 1 << 20));
            this.step = step;
            this.mark = mark;
            this.next = step;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                read += n;
                while (read >= next) {
                    mark.accept(next);
                    next += step;
                }
            }
            return n;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }
    }
}
