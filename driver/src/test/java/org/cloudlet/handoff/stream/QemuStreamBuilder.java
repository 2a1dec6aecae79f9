package org.cloudlet.handoff.stream;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.cloudlet.handoff.stream.QemuStreamFormat.*;

/** Writes synthetic QEMU 7.2 migration streams byte by byte as savevm.c/ram.c would, for the codec's tests. */
public final class QemuStreamBuilder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private String lastBlock;

    public QemuStreamBuilder header() {
        be32(MAGIC);
        be32(VERSION);
        u8(CONFIGURATION);
        byte[] machine = "pc-i440fx-7.2".getBytes(StandardCharsets.US_ASCII);
        be32(machine.length);
        out.writeBytes(machine);
        return this;
    }

    public QemuStreamBuilder command(int cmd, byte[] data) {
        u8(COMMAND);
        be16(cmd);
        be16(data.length);
        out.writeBytes(data);
        return this;
    }

    public QemuStreamBuilder ramStart(int sectionId, Object... blocks) {
        sectionHeader(SECTION_START, sectionId, RAM_SECTION, 4);
        long total = 0;
        for (int i = 0; i < blocks.length; i += 2) {
            total += (Long) blocks[i + 1];
        }
        be64(total | RAM_MEM_SIZE);
        for (int i = 0; i < blocks.length; i += 2) {
            str((String) blocks[i]);
            be64((Long) blocks[i + 1]);
        }
        return eos().footer(sectionId);
    }

    public QemuStreamBuilder sectionHeader(int type, int id, String idstr, int version) {
        u8(type);
        be32(id);
        if (type == SECTION_START || type == SECTION_FULL) {
            str(idstr);
            be32(0);
            be32(version);
        }
        return this;
    }

    public QemuStreamBuilder part(int sectionId) {
        u8(SECTION_PART);
        be32(sectionId);
        return this;
    }

    public QemuStreamBuilder end(int sectionId) {
        u8(SECTION_END);
        be32(sectionId);
        return this;
    }

    public QemuStreamBuilder page(String block, long offset, byte[] data) {
        header(block, offset, RAM_PAGE);
        out.writeBytes(data);
        return this;
    }

    public QemuStreamBuilder zero(String block, long offset) {
        header(block, offset, RAM_ZERO);
        u8(0);
        return this;
    }

    public QemuStreamBuilder rawWord(long word) {
        be64(word);
        return this;
    }

    public QemuStreamBuilder eos() {
        be64(RAM_EOS);
        return this;
    }

    public QemuStreamBuilder footer(int id) {
        u8(SECTION_FOOTER);
        be32(id);
        return this;
    }

    /** Device state and the end of the stream: opaque to the codec. */
    public QemuStreamBuilder deviceStateAndEof() {
        sectionHeader(SECTION_FULL, 7, "timer", 2);
        be64(0x1122334455667788L);
        footer(7);
        u8(SECTION_EOF);
        u8(VMDESCRIPTION);
        byte[] json = "{\"page_size\":4096}".getBytes(StandardCharsets.US_ASCII);
        be32(json.length);
        out.writeBytes(json);
        return this;
    }

    public QemuStreamBuilder be32Bytes(int v) {
        be32(v);
        be32(VERSION);
        return this;
    }

    public byte[] bytes() {
        return out.toByteArray();
    }

    private void header(String block, long offset, long kind) {
        boolean cont = block.equals(lastBlock);
        be64(offset | kind | (cont ? RAM_CONTINUE : 0));
        if (!cont) {
            str(block);
        }
        lastBlock = block;
    }

    public QemuStreamBuilder u8(int v) {
        out.write(v);
        return this;
    }

    private void be16(int v) {
        out.write(v >>> 8);
        out.write(v);
    }

    void be32(int v) {
        be16(v >>> 16);
        be16(v & 0xffff);
    }

    private void be64(long v) {
        be32((int) (v >>> 32));
        be32((int) v);
    }

    private void str(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        u8(b.length);
        out.writeBytes(b);
    }
}
