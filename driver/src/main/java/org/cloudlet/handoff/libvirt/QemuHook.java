package org.cloudlet.handoff.libvirt;

import org.cloudlet.handoff.store.BaseStore;
import org.cloudlet.handoff.store.StoredBase;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the handoff does in libvirt's qemu hook ({@code /etc/libvirt/hooks/qemu DOMAIN OPERATION SUB-OPERATION
 * EXTRA}, the domain's XML on stdin), for domains whose metadata names tracked disks ({@link DomainXml}):
 * <ul>
 * <li>{@code migrate begin} (the destination, before libvirt checks the disk paths and starts QEMU): a fresh tracked
 * disk over this cloudlet's copy of the base's disk image, and the XML rewritten to it (the path may differ from
 * the source's); the destination daemon finds it through the QEMU it feeds.</li>
 * <li>{@code prepare begin} (any start): a disk kept by the hook that is not mounted (e.g. after a reboot) is mounted
 * over its overlay.</li>
 * <li>{@code release end} (the domain has stopped here, migrated away or shut down): its hook-kept disks are
 * unmounted; the overlays stay.</li>
 * </ul>
 * Everything else, and domains without tracked disks, pass untouched. libvirt fails the operation with what a
 * failing hook printed, so errors name the domain, disk and base.
 */
public final class QemuHook {
    private final DomainDisks disks;
    private final BaseStore store;

    QemuHook(DomainDisks disks, BaseStore store) {
        this.disks = disks;
        this.store = store;
    }

    /** As configured by {@code $HANDOFF_DISK_DIR} and {@code $HANDOFF_BASE_STORE}; {@code handoff} runs the command line. */
    public static QemuHook configured(List<String> handoff) {
        return new QemuHook(new DomainDisks(DomainDisks.configuredDir(), handoff), new BaseStore(BaseStore.defaultDir()));
    }

    /** Runs the hook; returns the XML libvirt should use instead (migrate begin), or empty to leave it as it is. */
    public Optional<String> run(String operation, String subOperation, String xml) throws IOException, InterruptedException {
        String event = operation + " " + subOperation;
        if (!List.of("migrate begin", "prepare begin", "release end").contains(event)) {
            return Optional.empty();
        }
        DomainXml domain = DomainXml.parse(xml);
        List<String> tracked = domain.trackedDisks();
        if (tracked.isEmpty()) {
            return Optional.empty();
        }
        String name = domain.name();
        switch (event) {
            case "migrate begin" -> {
                Path baseImage = baseImage(domain);
                for (String dev : tracked) {
                    disks.mountFresh(name, dev, baseImage);
                    domain.setDiskSource(dev, disks.image(name, dev));
                }
                return Optional.of(domain.toXml());
            }
            case "prepare begin" -> {
                for (String dev : tracked) {
                    if (keptHere(domain, dev)) {
                        disks.ensureMounted(name, dev, baseImage(domain));
                    }
                }
                return Optional.empty();
            }
            default -> {
                for (String dev : tracked) {
                    if (keptHere(domain, dev)) {
                        disks.unmount(name, dev);
                    }
                }
                return Optional.empty();
            }
        }
    }

    /** Whether the domain's disk {@code dev} is the one this hook keeps for it (not a path of the user's own). */
    private boolean keptHere(DomainXml domain, String dev) {
        return domain.diskSource(dev).filter(disks.image(domain.name(), dev)::equals).isPresent();
    }

    /** This cloudlet's copy of the disk image of the base the domain names. */
    private Path baseImage(DomainXml domain) throws IOException {
        String id = domain.baseId().orElseThrow(() -> new IOException("domain " + domain.name()
                + " names tracked disks but no base in its handoff metadata (<handoff:base id=...>)"));
        if (!id.matches("[0-9a-f]{64}")) {
            throw new IOException("domain " + domain.name() + ": the base id in its handoff metadata is not 64 hex digits: " + id);
        }
        StoredBase base = store.byId(id);
        if (base == null) {
            throw new IOException("domain " + domain.name() + ": base " + id + " is not in this cloudlet's store " + store.dir()
                    + " (import it with handoff base import)");
        }
        if (base.disk() == null) {
            throw new IOException("domain " + domain.name() + ": base " + id + " has no disk image, so its tracked disks have nothing to be over");
        }
        return base.disk();
    }
}
