package org.cloudlet.handoff.nativebridge;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import java.util.Arrays;

/**
 * Encodes independent .xz streams at one preset, reusing one lzma_stream: re-initialising an encoder on the
 * same stream lets liblzma keep its match-finder buffers, which at high presets cost more than 1 MB of input
 * takes to compress. Not thread-safe; {@link #close()} is idempotent.
 */
public final class NativeLzmaEncoder implements AutoCloseable {
    // lzma_stream on LP64: next_in@0 avail_in@8 total_in@16 next_out@24 avail_out@32 total_out@40, 136 bytes.
    private static final int STREAM_SIZE = 256;
    private static final int NEXT_IN = 0;
    private static final int AVAIL_IN = 8;
    private static final int NEXT_OUT = 24;
    private static final int AVAIL_OUT = 32;
    private static final int TOTAL_OUT = 40;
    // lzma_options_lzma starts with uint32_t dict_size; the rest is filled by lzma_lzma_preset.
    private static final int OPTIONS_SIZE = 256;
    private static final int FILTER_SIZE = 16; // lzma_filter: lzma_vli id; void *options

    private final LibLzma lzma;
    private final int preset;
    private final int presetDict;
    private final Memory stream = new Memory(STREAM_SIZE);
    private final Memory options = new Memory(OPTIONS_SIZE);
    private final Memory filters = new Memory(2 * FILTER_SIZE);
    private Memory in = new Memory(1);
    private Memory out = new Memory(1);
    private boolean open = true;

    NativeLzmaEncoder(LibLzma lzma, int preset) {
        if (preset < 0 || preset > 9) {
            throw new IllegalArgumentException("preset: " + preset + " (expected: 0-9)");
        }
        this.lzma = lzma;
        this.preset = preset;
        stream.clear(); // LZMA_STREAM_INIT
        options.clear();
        if (lzma.lzma_lzma_preset(options, preset) != 0) {
            throw new IllegalStateException("liblzma rejected preset " + preset);
        }
        presetDict = options.getInt(0);
        filters.setLong(0, LibLzma.LZMA_FILTER_LZMA2);
        filters.setPointer(8, options);
        filters.setLong(FILTER_SIZE, LibLzma.LZMA_VLI_UNKNOWN);
        filters.setPointer(FILTER_SIZE + 8, Pointer.NULL);
    }

    public int preset() {
        return preset;
    }

    public byte[] compress(byte[] src, int off, int len) {
        if (!open) {
            throw new IllegalStateException("encoder closed");
        }
        options.setInt(0, NativeLzma.dictionarySize(presetDict, len));
        int ret = lzma.lzma_stream_encoder(stream, filters, LibLzma.LZMA_CHECK_NONE);
        if (ret != LibLzma.LZMA_OK) {
            throw new IllegalStateException("lzma_stream_encoder: " + LzmaStatus.name(ret));
        }
        long bound = lzma.lzma_stream_buffer_bound(len);
        in = ensure(in, len);
        out = ensure(out, bound);
        in.write(0, src, off, len);
        stream.setPointer(NEXT_IN, in);
        stream.setLong(AVAIL_IN, len);
        stream.setPointer(NEXT_OUT, out);
        stream.setLong(AVAIL_OUT, bound);
        long before = stream.getLong(TOTAL_OUT);
        do {
            ret = lzma.lzma_code(stream, LibLzma.LZMA_FINISH);
        } while (ret == LibLzma.LZMA_OK);
        if (ret != LibLzma.LZMA_STREAM_END) {
            throw new IllegalStateException("lzma_code: " + LzmaStatus.name(ret));
        }
        int produced = (int) (stream.getLong(TOTAL_OUT) - before);
        byte[] packed = new byte[produced];
        out.read(0, packed, 0, produced);
        return packed;
    }

    private static Memory ensure(Memory m, long size) {
        if (m.size() >= size) {
            return m;
        }
        m.close();
        return new Memory(Math.max(size, m.size() * 2));
    }

    @Override
    public void close() {
        if (open) {
            open = false;
            lzma.lzma_end(stream);
            Arrays.asList(in, out, options, filters, stream).forEach(Memory::close);
        }
    }
}
