package org.cloudlet.handoff.stream;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.cloudlet.handoff.stream.QemuStreamFormat.*;

/**
 * Takes a QEMU 7.2 migration stream apart for the pipeline: RAM pages of the "ram" section become page events,
 * everything else (and the ram section's own framing) opaque runs, in order. Anything it cannot carry faithfully
 * is refused with {@link UnsupportedStreamException} as soon as it appears — before the device-state tail, so the
 * source VM, which only stops at completion, keeps running when the proxy drops the connection.
 */
public final class MigrationStreamReader {
    private final StreamInput in;
    private final MigrationStreamHandler out;
    private final byte[] page = new byte[PAGE_SIZE];
    private final byte[] blockName = new byte[255];
    private final Map<String, RamBlock> blocksByName = new HashMap<>();
    private List<RamBlock> blocks;
    private int ramSectionId = -1;
    private RamBlock lastBlock;
    private long pages;
    private long zeroPages;
    private boolean completing;

    public MigrationStreamReader(InputStream in, MigrationStreamHandler out) {
        this.in = new StreamInput(in);
        this.out = out;
        this.in.idleListener(out);
    }

    /** Reads the whole stream, to its end. */
    public void run() throws IOException {
        long at = in.offset();
        int magic = in.be32("the stream magic");
        if (magic != MAGIC) {
            throw new UnsupportedStreamException(at, String.format("not a QEMU migration stream: magic 0x%08x (expected 0x%08x \"QEVM\")", magic, MAGIC));
        }
        int version = in.be32("the stream version");
        if (version != VERSION) {
            throw new UnsupportedStreamException(at + 4, "stream version " + version + " (expected: " + VERSION + ")");
        }
        while (true) {
            at = in.offset();
            int type = in.peek();
            if (type < 0) {
                throw new UnsupportedStreamException(at, "the stream ends before the device state (migration cancelled or cut)");
            }
            in.u8("a record type");
            switch (type) {
                case CONFIGURATION -> configuration();
                case COMMAND -> command(at);
                case SECTION_START -> sectionStart(at);
                case SECTION_PART -> sectionPart(at, type);
                case SECTION_END -> {
                    completing();
                    sectionPart(at, type);
                }
                case SECTION_FULL, SECTION_EOF -> {
                    completing(); // also for a stream without a ram END: the VM has stopped all the same
                    // Device state from here on: not self-delimiting, and no more RAM pages follow.
                    in.pumpRest(out);
                    out.end();
                    return;
                }
                default -> throw new UnsupportedStreamException(at, sectionName(type));
            }
        }
    }

    /** QEMU sends the ram END, or else device state, only once it has stopped the VM: tell the handler once. */
    private void completing() throws IOException {
        if (!completing) {
            completing = true;
            out.completing();
        }
    }

    public List<RamBlock> blocks() {
        return blocks == null ? List.of() : blocks;
    }

    public long pages() {
        return pages;
    }

    public long zeroPages() {
        return zeroPages;
    }

    private void configuration() throws IOException {
        int len = in.be32("the configuration length");
        if (len < 0 || len > 256) {
            throw new UnsupportedStreamException(in.offset() - 4, "machine type name of " + len + " bytes");
        }
        in.skipCaptured(len, "the machine type");
        while (in.peek() == SUBSECTION) {
            long at = in.offset();
            in.u8("a subsection marker");
            String name = in.string(in.u8("a subsection name length"), "a subsection name");
            in.be32("a subsection version");
            switch (name) {
                case "configuration/target-page-bits" -> {
                    int bits = in.be32("target-page-bits");
                    if (1 << bits != PAGE_SIZE) {
                        throw new UnsupportedStreamException(at, "target page size " + (1L << bits) + " (expected: " + PAGE_SIZE + ")");
                    }
                }
                case "configuration/capabilities" -> {
                    int n = in.be32("the capability count");
                    for (int i = 0; i < n; i++) {
                        String cap = in.string(in.u8("a capability name length"), "a capability name");
                        if (cap.equals("x-ignore-shared")) {
                            throw new UnsupportedStreamException(at, "capability x-ignore-shared (RAM blocks carry addresses)");
                        }
                    }
                }
                case "configuration/uuid" -> in.skipCaptured(16, "the VM uuid");
                default -> throw new UnsupportedStreamException(at, "unknown configuration subsection '" + name + "'");
            }
        }
    }

    private void command(long at) throws IOException {
        int cmd = in.be16("a command number");
        int len = in.be16("a command length");
        if (cmd != CMD_OPEN_RETURN_PATH && cmd != CMD_PING) {
            throw new UnsupportedStreamException(at, "command " + commandName(cmd) + " is not supported");
        }
        in.skipCaptured(len, "a command's data");
    }

    private void sectionStart(long at) throws IOException {
        int id = in.be32("a section id");
        String idstr = in.string(in.u8("a section name length"), "a section name");
        in.be32("an instance id");
        int version = in.be32("a section version");
        if (!idstr.equals(RAM_SECTION)) {
            String why = switch (idstr) {
                case "block" -> "block migration (disks are carried by the handoff itself)";
                case "dirty-bitmap" -> "dirty-bitmap migration";
                default -> "iterative section '" + idstr + "'";
            };
            throw new UnsupportedStreamException(at, why + " is not supported");
        }
        if (version != 4) {
            throw new UnsupportedStreamException(at, "ram section version " + version + " (expected: 4)");
        }
        if (ramSectionId >= 0) {
            throw new UnsupportedStreamException(at, "a second ram section");
        }
        ramSectionId = id;
        ramSetup(at);
        ramRecords(at);
        footer(id);
    }

    private void sectionPart(long at, int type) throws IOException {
        int id = in.be32("a section id");
        if (id != ramSectionId) {
            throw new UnsupportedStreamException(at, sectionName(type) + " for section " + id
                    + (ramSectionId < 0 ? " before any section started" : ", which is not the ram section (" + ramSectionId + ")"));
        }
        ramRecords(at);
        footer(id);
    }

    private void ramSetup(long sectionAt) throws IOException {
        long at = in.offset();
        long word = in.be64("the RAM size word");
        if ((word & FLAGS_MASK) != RAM_MEM_SIZE) {
            throw new UnsupportedStreamException(at, String.format("ram setup starts with flags 0x%x (expected MEM_SIZE 0x%x)", word & FLAGS_MASK, RAM_MEM_SIZE));
        }
        long remaining = word & ~FLAGS_MASK;
        List<RamBlock> list = new ArrayList<>();
        while (remaining > 0) {
            long blockAt = in.offset();
            String name = in.string(in.u8("a RAM block name length"), "a RAM block name");
            long length = in.be64("a RAM block length");
            if (length <= 0 || length > remaining || blocksByName.containsKey(name)) {
                throw new UnsupportedStreamException(blockAt, "RAM block '" + name + "' of " + length + " bytes with "
                        + remaining + " bytes of RAM left to announce"
                        + " (postcopy page sizes or x-ignore-shared addresses are not supported)");
            }
            RamBlock b = new RamBlock(list.size(), name, length);
            list.add(b);
            blocksByName.put(name, b);
            remaining -= length;
        }
        blocks = List.copyOf(list);
        in.flushCapture(out);
        out.ramBlocks(blocks);
    }

    /** Page records up to and including EOS. */
    private void ramRecords(long sectionAt) throws IOException {
        while (true) {
            long at = in.offset();
            long word = in.be64Uncaptured("a RAM record");
            long flags = word & FLAGS_MASK;
            long offset = word & ~FLAGS_MASK;
            if (flags == RAM_EOS || flags == RAM_MULTIFD_FLUSH) {
                in.captureBe64(word);
                if (flags == RAM_EOS) {
                    return;
                }
                continue;
            }
            String unsupported = unsupportedRamFlag(flags);
            if (unsupported != null) {
                throw new UnsupportedStreamException(at, "RAM record " + unsupported + " is not supported");
            }
            long kind = flags & ~RAM_CONTINUE;
            if (kind != RAM_ZERO && kind != RAM_PAGE) {
                throw new UnsupportedStreamException(at, String.format("RAM record with flags 0x%x", flags));
            }
            RamBlock block;
            if ((flags & RAM_CONTINUE) != 0) {
                if (lastBlock == null) {
                    throw new UnsupportedStreamException(at, "RAM record continues a block, but no block was named yet");
                }
                block = lastBlock;
            } else {
                int len = in.u8Uncaptured("a RAM block name length");
                in.read(blockName, 0, len, "a RAM block name", false);
                String idstr = new String(blockName, 0, len, java.nio.charset.StandardCharsets.ISO_8859_1);
                block = blocksByName.get(idstr);
                if (block == null) {
                    throw new UnsupportedStreamException(at, "page of unknown RAM block '" + idstr + "'");
                }
            }
            if (offset + PAGE_SIZE > ((block.length() + FLAGS_MASK) & ~FLAGS_MASK)) {
                throw new UnsupportedStreamException(at, "page at offset " + offset + " past the end of RAM block '"
                        + block.idstr() + "' (" + block.length() + " bytes)");
            }
            lastBlock = block;
            in.flushCapture(out);
            if (kind == RAM_ZERO) {
                int fill = in.u8Uncaptured("a zero page's fill byte");
                zeroPages++;
                out.zeroPage(block, offset, fill);
            } else {
                in.read(page, 0, PAGE_SIZE, "a RAM page", false);
                pages++;
                out.page(block, offset, page, 0);
            }
        }
    }

    private void footer(int id) throws IOException {
        if (in.peek() != SECTION_FOOTER) {
            return; // machine types before 2.x send no footers
        }
        long at = in.offset();
        in.u8("a section footer");
        int got = in.be32("a section footer id");
        if (got != id) {
            throw new UnsupportedStreamException(at, "section footer for section " + got + " (expected: " + id + ")");
        }
    }
}
