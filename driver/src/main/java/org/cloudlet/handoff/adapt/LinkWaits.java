package org.cloudlet.handoff.adapt;

/**
 * The sender's waits for the link, less the time the destination held the stream up itself (its reader waiting for
 * room: its decoders or its output too slow), cumulative: waits the link caused. A destination that decodes slower than the link delivers fills
 * the socket's buffers, its acknowledgements slow down and the sender waits on its window as on a slow link (seen:
 * xor+bzip2-9 on a 35 Mbit/s link, the destination decoding on 0.75 of a core it shared with the source, acknowledged at
 * 1.5-3.5 MB/s of 4.4 and taken for a slow link for 18 s). Counted per reading, each wait only as far as the
 * destination's hold-ups over the same time do not explain it.
 */
final class LinkWaits {
    private long lastWaited = -1;
    private long lastHeld;
    private long linkWaited;

    /** Cumulative waits the link caused, given the sender's cumulative waits and the destination's hold-ups so far. */
    long update(long waitedNanos, long heldNanos) {
        if (lastWaited >= 0) {
            linkWaited += Math.max(0, (waitedNanos - lastWaited) - Math.max(0, heldNanos - lastHeld));
        } else {
            linkWaited = waitedNanos; // before the first reading nothing tells them apart
        }
        lastWaited = waitedNanos;
        lastHeld = heldNanos;
        return linkWaited;
    }
}
