package org.cloudlet.handoff.rebuild;

import org.cloudlet.handoff.chunk.ItemKind;

import java.util.Map;

/** What a decode rebuilt: items per kind, segments, stream bytes read. */
public record DecodeResult(Map<ItemKind, Long> items, int segments, long streamBytes, long rebuiltBytes) {
}
