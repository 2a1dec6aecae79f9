package org.cloudlet.handoff.store;

import org.cloudlet.handoff.base.Base;
import org.cloudlet.handoff.base.BaseCatalog;
import org.cloudlet.handoff.chunk.ChunkHashes;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A daemon's view of its base store: the base it offers as a source (named on its command line), and any stored
 * base a peer names by id. Bases are opened on first use and kept open (their indexes are memory-mapped); each
 * counts the handoffs using it, so deleting one waits for none ({@link #delete}).
 */
public final class StoreCatalog implements BaseCatalog, AutoCloseable {
    private final BaseStore store;
    private final String offeredId;
    private final int threads;
    private final Map<String, Base> open = new HashMap<>();
    private final Map<Base, Integer> users = new HashMap<>();

    /** @param offered the base this cloudlet's VMs start from, or null */
    public StoreCatalog(BaseStore store, StoredBase offered, int threads) {
        this.store = store;
        this.offeredId = offered == null ? null : offered.id();
        this.threads = threads;
    }

    public BaseStore store() {
        return store;
    }

    @Override
    public synchronized Base offered() throws IOException {
        return offeredId == null ? null : used(opened(offeredId));
    }

    @Override
    public synchronized Base byId(byte[] id) throws IOException {
        String hex = ChunkHashes.hex(id);
        if (open.containsKey(hex)) {
            return used(open.get(hex));
        }
        return store.byId(hex) == null ? null : used(opened(hex));
    }

    @Override
    public synchronized void release(Base base) {
        if (base != null) {
            users.computeIfPresent(base, (b, n) -> n > 1 ? n - 1 : null);
        }
    }

    /**
     * Deletes the base from the store, closing it here first; refused while a handoff uses it or while it is the
     * base this daemon offers.
     */
    public synchronized void delete(StoredBase b) throws IOException {
        if (b.id().equals(offeredId)) {
            throw new IOException("base " + b.id() + " (" + b.name() + ") is the base this daemon offers (--base): stop the daemon first");
        }
        Base o = open.get(b.id());
        int n = o == null ? 0 : users.getOrDefault(o, 0);
        if (n > 0) {
            throw new IOException("base " + b.id() + " (" + b.name() + ") is in use by " + n + " handoff" + (n == 1 ? "" : "s")
                    + "; delete it when they have ended");
        }
        if (o != null) {
            open.remove(b.id());
            o.close();
        }
        store.delete(b);
    }

    private Base used(Base b) {
        users.merge(b, 1, Integer::sum);
        return b;
    }

    private Base opened(String id) throws IOException {
        Base b = open.get(id);
        if (b == null) {
            StoredBase stored = store.byId(id);
            if (stored == null) {
                throw new IOException("base " + id + " is no longer in " + store.dir());
            }
            b = BaseStore.open(stored, threads);
            open.put(id, b);
        }
        return b;
    }

    @Override
    public synchronized void close() throws IOException {
        for (Base b : open.values()) {
            b.close();
        }
        open.clear();
    }
}
