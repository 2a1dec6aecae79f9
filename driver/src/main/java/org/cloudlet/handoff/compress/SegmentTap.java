package org.cloudlet.handoff.compress;

import org.cloudlet.handoff.segment.Segment;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * With {@code HANDOFF_SEGMENT_TAP=FILE}, every segment's bytes as the compress stage receives them are appended to
 * FILE (records of sequence, length, bytes; workers finish out of order, the sequence restores it): what the
 * compressors worked on in a real handoff, to compare them offline segment by segment. Off by default; a diagnostic,
 * it costs a write of every raw byte.
 */
final class SegmentTap {
    private static final DataOutputStream OUT = open(System.getenv("HANDOFF_SEGMENT_TAP"));

    private SegmentTap() {
    }

    private static DataOutputStream open(String file) {
        if (file == null || file.isEmpty()) {
            return null;
        }
        try {
            return new DataOutputStream(Files.newOutputStream(Path.of(file), StandardOpenOption.CREATE, StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException("HANDOFF_SEGMENT_TAP " + file, e);
        }
    }

    static void record(Segment segment) {
        if (OUT == null) {
            return;
        }
        synchronized (OUT) {
            try {
                OUT.writeInt(segment.sequence());
                OUT.writeInt(segment.rawLength());
                OUT.write(segment.raw(), 0, segment.rawLength());
                OUT.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("HANDOFF_SEGMENT_TAP", e);
            }
        }
    }
}
