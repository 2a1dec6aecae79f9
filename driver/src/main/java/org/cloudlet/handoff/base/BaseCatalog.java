package org.cloudlet.handoff.base;


import java.io.IOException;
import java.util.Arrays;

/**
 * The bases a daemon holds: the one its source sessions offer (the base the local VMs were started from) and any
 * a peer names by id in its hello, which a destination decodes against when it holds it. A handoff gives back what
 * it got ({@link #release}) when it ends, so a base in use is never deleted under it.
 */
public interface BaseCatalog {
    /** The base offered to peers by this cloudlet's source sessions; null: none (everything is sent). */
    Base offered() throws IOException;

    /** The base with this id if this cloudlet holds it, else null. */
    Base byId(byte[] id) throws IOException;

    /** A base got from {@link #offered} or {@link #byId} is no longer used by its handoff; null is ignored. */
    default void release(Base base) {
    }

    BaseCatalog NONE = of(null);

    /** A catalog of one base (or none), offered and looked up by its id. */
    static BaseCatalog of(Base base) {
        return new BaseCatalog() {
            public Base offered() {
                return base;
            }

            public Base byId(byte[] id) {
                return base != null && Arrays.equals(id, base.id()) ? base : null;
            }
        };
    }
}
