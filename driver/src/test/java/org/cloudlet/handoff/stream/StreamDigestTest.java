package org.cloudlet.handoff.stream;

import org.junit.jupiter.api.Test;

import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class StreamDigestTest {
    private static byte[] page(int v) {
        byte[] b = new byte[4096];
        b[100] = (byte) v;
        return b;
    }

    private static StreamDigest.Value of(Consumer<StreamDigest> feed) {
        StreamDigest d = new StreamDigest();
        feed.accept(d);
        return d.value();
    }

    private static final byte[] HEAD = {1, 2, 3};
    private static final byte[] SEP = {9};

    @Test
    void pagesMayMoveWithinARunButNothingElseMayChange() {
        StreamDigest.Value ref = of(d -> {
            d.opaque(HEAD, 0, 3);
            d.page("pc.ram", 0, page(1), 0);
            d.page("pc.ram", 4096, page(2), 0);
            d.zeroPage("pc.ram", 8192);
            d.opaque(SEP, 0, 1);
            d.page("vga", 0, page(3), 0);
        });
        assertEquals(ref, of(d -> { // shuffled within the run; a zero page written as a full one
            d.opaque(HEAD, 0, 3);
            d.page("pc.ram", 8192, new byte[4096], 0);
            d.page("pc.ram", 4096, page(2), 0);
            d.page("pc.ram", 0, page(1), 0);
            d.opaque(SEP, 0, 1);
            d.page("vga", 0, page(3), 0);
        }));
        assertNotEquals(ref, of(d -> { // a page moved across an opaque run
            d.opaque(HEAD, 0, 3);
            d.page("pc.ram", 0, page(1), 0);
            d.page("pc.ram", 4096, page(2), 0);
            d.opaque(SEP, 0, 1);
            d.zeroPage("pc.ram", 8192);
            d.page("vga", 0, page(3), 0);
        }));
        assertNotEquals(ref, of(d -> { // other content
            d.opaque(HEAD, 0, 3);
            d.page("pc.ram", 0, page(1), 0);
            d.page("pc.ram", 4096, page(4), 0);
            d.zeroPage("pc.ram", 8192);
            d.opaque(SEP, 0, 1);
            d.page("vga", 0, page(3), 0);
        }));
        assertNotEquals(ref, of(d -> { // other block
            d.opaque(HEAD, 0, 3);
            d.page("pc.ram", 0, page(1), 0);
            d.page("pc.ram", 4096, page(2), 0);
            d.zeroPage("pc.ram", 8192);
            d.opaque(SEP, 0, 1);
            d.page("pc.ram", 0, page(3), 0);
        }));
        assertNotEquals(ref, of(d -> { // one opaque byte differs
            d.opaque(new byte[]{1, 2, 4}, 0, 3);
            d.page("pc.ram", 0, page(1), 0);
            d.page("pc.ram", 4096, page(2), 0);
            d.zeroPage("pc.ram", 8192);
            d.opaque(SEP, 0, 1);
            d.page("vga", 0, page(3), 0);
        }));
        assertNotEquals(ref, of(d -> { // a page twice in place of another
            d.opaque(HEAD, 0, 3);
            d.page("pc.ram", 0, page(1), 0);
            d.page("pc.ram", 0, page(1), 0);
            d.zeroPage("pc.ram", 8192);
            d.opaque(SEP, 0, 1);
            d.page("vga", 0, page(3), 0);
        }));
    }
}
