package org.cloudlet.handoff.stream;

/**
 * QEMU's live-migration stream as QEMU 7.2 writes it (migration/savevm.c, migration/ram.c); every integer is
 * big-endian. The only place these numbers are spelled.
 * <pre>
 * stream      := magic:be32 "QEVM"  version:be32 = 3  record*
 * record      := CONFIGURATION 0x07  len:be32  machine-type[len]  subsection*
 *              | COMMAND 0x08  cmd:be16  len:be16  data[len]          (1 OPEN_RETURN_PATH, 2 PING)
 *              | START 0x01 | FULL 0x04  id:be32  idlen:u8  idstr  instance:be32  version:be32  body  footer?
 *              | PART 0x02 | END 0x03   id:be32  body  footer?
 *              | EOF 0x00  (then VMDESCRIPTION 0x06  len:be32  json[len])
 * subsection  := 0x05  namelen:u8  name  version:be32  fields
 * footer      := 0x7E  id:be32
 * ram body    := word*  EOS       word := be64 (page offset | flags), flags in the low 12 bits
 *   setup (in START):  (total bytes | MEM_SIZE)  then per block: idlen:u8 idstr used_length:be64
 *   page:  (offset | PAGE [| CONTINUE])  [idlen:u8 idstr unless CONTINUE]  data[4096]
 *   zero:  (offset | ZERO [| CONTINUE])  [idlen:u8 idstr unless CONTINUE]  fill:u8
 * </pre>
 * Device state (FULL sections) is not self-delimiting, but QEMU writes every iterable section's END before the
 * first FULL section, so from the first FULL section on the rest of the stream is passed through unparsed.
 */
public final class QemuStreamFormat {
    private QemuStreamFormat() {
    }

    public static final int MAGIC = 0x5145564D; // "QEVM"
    public static final int VERSION = 3;

    public static final int SECTION_EOF = 0x00;
    public static final int SECTION_START = 0x01;
    public static final int SECTION_PART = 0x02;
    public static final int SECTION_END = 0x03;
    public static final int SECTION_FULL = 0x04;
    public static final int SUBSECTION = 0x05;
    public static final int VMDESCRIPTION = 0x06;
    public static final int CONFIGURATION = 0x07;
    public static final int COMMAND = 0x08;
    public static final int SECTION_FOOTER = 0x7E;

    public static final int CMD_OPEN_RETURN_PATH = 1;
    public static final int CMD_PING = 2;

    public static final String RAM_SECTION = "ram";
    public static final int PAGE_SIZE = 4096;
    public static final long FLAGS_MASK = PAGE_SIZE - 1;

    // RAM_SAVE_FLAG_* (migration/ram.c)
    public static final long RAM_FULL = 0x01;
    public static final long RAM_ZERO = 0x02;
    public static final long RAM_MEM_SIZE = 0x04;
    public static final long RAM_PAGE = 0x08;
    public static final long RAM_EOS = 0x10;
    public static final long RAM_CONTINUE = 0x20;
    public static final long RAM_XBZRLE = 0x40;
    public static final long RAM_HOOK = 0x80;
    public static final long RAM_COMPRESS_PAGE = 0x100;
    public static final long RAM_MULTIFD_FLUSH = 0x200;

    static String sectionName(int type) {
        return switch (type) {
            case SECTION_EOF -> "EOF";
            case SECTION_START -> "SECTION_START";
            case SECTION_PART -> "SECTION_PART";
            case SECTION_END -> "SECTION_END";
            case SECTION_FULL -> "SECTION_FULL";
            case SUBSECTION -> "SUBSECTION";
            case VMDESCRIPTION -> "VMDESCRIPTION";
            case CONFIGURATION -> "CONFIGURATION";
            case COMMAND -> "COMMAND";
            case SECTION_FOOTER -> "SECTION_FOOTER";
            default -> String.format("unknown record type 0x%02x", type);
        };
    }

    static String commandName(int cmd) {
        return switch (cmd) {
            case 1 -> "OPEN_RETURN_PATH";
            case 2 -> "PING";
            case 3 -> "POSTCOPY_ADVISE (postcopy)";
            case 4 -> "POSTCOPY_LISTEN (postcopy)";
            case 5 -> "POSTCOPY_RUN (postcopy)";
            case 6 -> "POSTCOPY_RAM_DISCARD (postcopy)";
            case 7 -> "PACKAGED (postcopy)";
            case 8 -> "ENABLE_COLO (COLO)";
            case 9 -> "POSTCOPY_RESUME (postcopy)";
            case 10 -> "RECV_BITMAP (postcopy)";
            case 11 -> "SWITCHOVER_START";
            default -> "unknown command " + cmd;
        };
    }

    /** Names the RAM flags QEMU may set that this codec does not carry, or null if there are none. */
    static String unsupportedRamFlag(long flags) {
        if ((flags & RAM_XBZRLE) != 0) {
            return "XBZRLE page (the xbzrle capability)";
        }
        if ((flags & RAM_COMPRESS_PAGE) != 0) {
            return "COMPRESS_PAGE (the compress capability)";
        }
        if ((flags & RAM_HOOK) != 0) {
            return "HOOK (RDMA migration)";
        }
        if ((flags & RAM_FULL) != 0) {
            return "FULL (a pre-2.0 QEMU stream)";
        }
        return null;
    }
}
