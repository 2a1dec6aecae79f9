package org.cloudlet.handoff.stream;

/** One RAMBlock announced in the ram section's setup: its QEMU id string, its used length, its position. */
public record RamBlock(int index, String idstr, long length) {
}
