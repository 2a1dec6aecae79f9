package org.cloudlet.handoff.store;

import org.cloudlet.handoff.base.Base;
import org.cloudlet.handoff.base.BaseCatalog;
import org.cloudlet.handoff.chunk.ChunkHashes;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A daemon's view of its base store: the base it offers as a source (named on its command line), and any stored
 * base a peer names by id. Bases are opened on first use and kept open (their indexes are memory-mapped).
 */
public final class StoreCatalog implements BaseCatalog, AutoCloseable {
    private final BaseStore store;
    private final String offeredId;
    private final int threads;
    private final Map<String, Base> open = new HashMap<>();

    /** @param offered the base this cloudlet's VMs start from, or null */
    public StoreCatalog(BaseStore store, StoredBase offered, int threads) {
        this.store = store;
        this.offeredId = offered == null ? null : offered.id();
        this.threads = threads;
    }

    @Override
    public synchronized Base offered() throws IOException {
        return offeredId == null ? null : opened(offeredId);
    }

    @Override
    public synchronized Base byId(byte[] id) throws IOException {
        String hex = ChunkHashes.hex(id);
        if (open.containsKey(hex)) {
            return open.get(hex);
        }
        return store.byId(hex) == null ? null : opened(hex);
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
