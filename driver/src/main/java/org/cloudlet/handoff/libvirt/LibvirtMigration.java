package org.cloudlet.handoff.libvirt;

import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.TypedParameter;
import org.libvirt.TypedStringParameter;
import org.libvirt.TypedUlongParameter;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One live migration of a domain through libvirt, as {@code virsh migrate --live --unsafe DOMAIN DEST --migrateuri URI
 * --listen-address ADDR} runs it (libvirt's client-driven protocol): started on a thread of its own, watched through
 * the source's job statistics, abortable. A persistent domain moves with its definition (like nova's migrations).
 */
public final class LibvirtMigration implements AutoCloseable {
    private final Connect source;
    private final Connect destination;
    private final Domain domain;
    private final Thread thread;
    private volatile Domain moved;
    private volatile LibvirtException failure;

    private LibvirtMigration(Connect source, Connect destination, Domain domain, int flags, TypedParameter[] params) {
        this.source = source;
        this.destination = destination;
        this.domain = domain;
        this.thread = new Thread(() -> {
            try {
                moved = domain.migrate(destination, params, flags);
            } catch (LibvirtException e) {
                failure = e;
            }
        }, "libvirt-migration");
        thread.setDaemon(true);
    }

    /** Opens both libvirts and starts the migration of the running domain {@code name}. */
    public static LibvirtMigration start(String sourceUri, String name, String destinationUri, String migrateUri, String listenAddress)
            throws IOException {
        Connect src = null;
        Connect dst = null;
        try {
            src = LibvirtConnections.open(sourceUri);
            Domain d;
            try {
                d = src.domainLookupByName(name);
            } catch (LibvirtException e) {
                throw new IOException("no domain '" + name + "' at " + sourceUri + ": " + e.getMessage(), e);
            }
            if (d.isActive() != 1) {
                throw new IOException("domain '" + name + "' is not running: a live migration needs a running domain");
            }
            dst = LibvirtConnections.open(destinationUri);
            int flags = Domain.MigrateFlags.LIVE | Domain.MigrateFlags.UNSAFE;
            if (d.isPersistent() == 1) {
                flags |= Domain.MigrateFlags.PERSIST_DEST | Domain.MigrateFlags.UNDEFINE_SOURCE;
            }
            TypedParameter[] params = {new TypedStringParameter(Domain.DomainMigrateParameters.VIR_MIGRATE_PARAM_URI, migrateUri),
                    new TypedStringParameter(Domain.DomainMigrateParameters.VIR_MIGRATE_PARAM_LISTEN_ADDRESS, listenAddress)};
            LibvirtMigration m = new LibvirtMigration(src, dst, d, flags, params);
            m.thread.start();
            return m;
        } catch (LibvirtException e) {
            LibvirtConnections.close(dst);
            LibvirtConnections.close(src);
            throw new IOException("libvirt: " + e.getMessage(), e);
        } catch (IOException e) {
            LibvirtConnections.close(dst);
            LibvirtConnections.close(src);
            throw e;
        }
    }

    /** Waits up to {@code millis} for the migration to end; true once it has. */
    public boolean await(long millis) throws InterruptedException {
        thread.join(millis);
        return !thread.isAlive();
    }

    /** Why it failed (libvirt's message), or null: ended well, or not ended yet. */
    public String failure() {
        LibvirtException e = failure;
        return e == null ? null : e.getMessage();
    }

    /** The source's job statistics now (libvirt's names: data_processed, memory_iteration, …); empty when there is no job. */
    public Map<String, Long> progress() {
        return stats(domain, 0);
    }

    /** The destination's account of the finished migration, e.g. {@code downtime} (ms). */
    public Map<String, Long> completed() {
        Domain d = moved;
        return d == null ? Map.of() : stats(d, Domain.GetJobStatsFlags.COMPLETED);
    }

    /** QEMU's downtime of the finished migration, as the destination reports it. */
    public OptionalLong downtimeMillis() {
        Long ms = completed().get("downtime");
        return ms == null ? OptionalLong.empty() : OptionalLong.of(ms);
    }

    /** Cancels the migration (virsh domjobabort): the domain goes on running at the source. */
    public void abort() throws IOException {
        try {
            domain.abortJob();
        } catch (LibvirtException e) {
            throw new IOException("libvirt: abort: " + e.getMessage(), e);
        }
    }

    private static Map<String, Long> stats(Domain d, int flags) {
        Map<String, Long> out = new HashMap<>();
        try {
            for (TypedParameter p : d.getJobStats(flags).stats) {
                if (p instanceof TypedUlongParameter u) {
                    out.put(p.field, u.value);
                }
            }
        } catch (LibvirtException | RuntimeException ignored) {
            // no job (yet, or any more)
        }
        return out;
    }

    @Override
    public void close() {
        LibvirtConnections.close(destination);
        LibvirtConnections.close(source);
    }
}
