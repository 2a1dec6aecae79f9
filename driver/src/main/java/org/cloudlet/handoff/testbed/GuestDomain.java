package org.cloudlet.handoff.testbed;

import org.cloudlet.handoff.libvirt.LibvirtVmLocator;
import org.cloudlet.handoff.qemu.QemuVm;

/**
 * A testbed guest as a libvirt domain: the machine {@link QemuVm} starts, in libvirt's XML. Its control console
 * and serial log live under libvirt's private run and log directories, so the source's and the destination's
 * QEMU (the same XML on both hosts) never share a socket path.
 */
public final class GuestDomain {
    /** The RAM block of a TCG guest under libvirt (see {@link #tcgRam}). */
    public static final String TCG_RAM_BLOCK = "ram-tcg";
    private GuestDomain() {
    }

    /** The guest's control console as each host's libvirt sees it. */
    public static String consoleSocket(String name) {
        return "/run/libvirt/qemu/" + name + "-console.sock";
    }

    /** The guest's serial console log as each host's libvirt sees it. */
    public static String serialLog(String name) {
        return "/var/log/libvirt/qemu/" + name + "-serial.log";
    }

    /**
     * The domain XML of {@code spec} named {@code name}. Under TCG libvirt's RAM size (whole MiB) is replaced by
     * {@link QemuVm.Spec#ramSize()} through QEMU arguments of its own: QEMU 7.2's TCG loses dirty pages when RAM is
     * a multiple of 256 KiB (see there), and libvirt rounds it to a MiB. With KVM the domain is plain.
     */
    public static String xml(String name, QemuVm.Spec spec) {
        return xml(name, spec, java.util.List.of());
    }

    /** As {@link #xml(String, QemuVm.Spec)}, with more QEMU arguments of its own (e.g. migration parameters libvirt does not set). */
    public static String xml(String name, QemuVm.Spec spec, java.util.List<String> qemuArgs) {
        return xml(name, spec, qemuArgs, null);
    }

    /** As above, naming in the domain's metadata the base it was started from ({@code baseId}, or null for none). */
    public static String xml(String name, QemuVm.Spec spec, java.util.List<String> qemuArgs, String baseId) {
        boolean tcg = !spec.accel().equals("kvm");
        StringBuilder x = new StringBuilder();
        x.append("<domain type='").append(tcg ? "qemu" : "kvm").append("' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>\n");
        x.append("  <name>").append(escape(name)).append("</name>\n");
        x.append("  <memory unit='MiB'>").append(spec.memoryMiB()).append("</memory>\n");
        x.append("  <vcpu>1</vcpu>\n");
        if (baseId != null) { // a writable disk is the guest's own tracked disk over the base's (see QemuVm.Spec)
            x.append("  <metadata><handoff:base xmlns:handoff='").append(LibvirtVmLocator.METADATA_NS).append("' id='")
                    .append(escape(baseId)).append("'>").append(spec.disk() != null && spec.diskWritable() ? "<handoff:disk dev='vda'/>" : "")
                    .append("</handoff:base></metadata>\n");
        }
        x.append("  <os>\n    <type arch='x86_64' machine='pc'>hvm</type>\n");
        x.append("    <kernel>").append(escape(spec.kernel().toString())).append("</kernel>\n");
        x.append("    <initrd>").append(escape(spec.initrd().toString())).append("</initrd>\n");
        x.append("    <cmdline>").append(escape(spec.append())).append("</cmdline>\n  </os>\n");
        x.append("  <cpu mode='custom' match='exact'><model fallback='allow'>qemu64</model></cpu>\n");
        x.append("  <on_poweroff>destroy</on_poweroff>\n  <devices>\n");
        x.append("    <emulator>/usr/bin/qemu-system-x86_64</emulator>\n");
        if (spec.disk() != null) {
            x.append("    <disk type='file' device='disk'><driver name='qemu' type='raw'")
                    .append(spec.diskWritable() ? " discard='unmap'" : "").append("/><source file='")
                    .append(escape(spec.disk().toString())).append("'/><target dev='vda' bus='virtio'/>")
                    .append(spec.diskWritable() ? "" : "<readonly/>").append("</disk>\n");
        }
        x.append("    <serial type='file'><source path='").append(escape(serialLog(name))).append("'/><target port='0'/></serial>\n");
        x.append("    <console type='unix'><source mode='bind' path='").append(escape(consoleSocket(name)))
                .append("'/><target type='virtio' port='1'/></console>\n");
        x.append("    <memballoon model='none'/>\n  </devices>\n");
        java.util.List<String> args = new java.util.ArrayList<>(qemuArgs);
        if (tcg) {
            args.addAll(tcgRam(spec));
        }
        if (!args.isEmpty()) {
            x.append("  <qemu:commandline>\n");
            for (String arg : args) {
                x.append("    <qemu:arg value='").append(escape(arg)).append("'/>\n");
            }
            x.append("  </qemu:commandline>\n");
        }
        return x.append("</domain>\n").toString();
    }

    /**
     * The QEMU arguments that give a TCG guest its RAM as a backend of its own, {@value #TCG_RAM_BLOCK}, of
     * {@link QemuVm.Spec#ramSize()}: after libvirt's, they replace its RAM. A base recorded for such a guest
     * must run with them too, for its RAM block to have the same name.
     */
    public static java.util.List<String> tcgRam(QemuVm.Spec spec) {
        return java.util.List.of("-object", "memory-backend-ram,id=" + TCG_RAM_BLOCK + ",size=" + spec.ramSize(),
                "-machine", "memory-backend=" + TCG_RAM_BLOCK, "-m", spec.ramSize());
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;").replace("\"", "&quot;");
    }
}
