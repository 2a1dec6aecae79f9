package org.cloudlet.handoff.cli;

import org.cloudlet.handoff.adapt.AdaptationTrace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportCommandTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new Main(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    }

    /** 20 s of samples at 10 Mbit/s, a switch to xor+lzma-6 at 1.2 s and a decision that kept it at 6.2 s. */
    private Path trace() throws IOException {
        AdaptationTrace t = new AdaptationTrace();
        t.info("initial_mode", "xor+zstd-1");
        for (int i = 1; i <= 200; i++) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("t_s", i / 10.0);
            s.put("mode", i < 12 ? "xor+zstd-1" : "xor+lzma-6");
            s.put("input_Bps", i < 12 ? 5_000_000L : 7_000_000L);
            s.put("output_Bps", 1_250_000L);
            s.put("potential_output_Bps", i < 12 ? 60_000_000L : 2_000_000L);
            s.put("bandwidth_Bps", 1_250_000L);
            t.sample(s);
            if (i == 50) {
                t.sample(s); // a catch-up tick with the same timestamp
            }
        }
        t.decision(Map.of("t_s", 1.2, "mode", "xor+lzma-6", "changed", true, "bandwidth_Bps", 1_250_000, "cores", 1.5));
        t.decision(Map.of("t_s", 6.2, "mode", "xor+lzma-6", "changed", false, "bandwidth_Bps", 1_250_000, "cores", 1.5,
                "fill", "xor+zstd-6", "fill_share", 0.12));
        Path f = dir.resolve("trace.json");
        t.write(f);
        return f;
    }

    @Test
    void drawsPngSvgAndHtml() throws IOException {
        Path trace = trace();
        assertEquals(0, run("report", trace.toString(), "-o", dir.resolve("a.png").toString()), err.toString());
        BufferedImage png = ImageIO.read(dir.resolve("a.png").toFile());
        assertEquals(1200, png.getWidth());
        // something was drawn: not a blank canvas
        int first = png.getRGB(600, 200);
        boolean varied = false;
        for (int x = 0; x < png.getWidth() && !varied; x += 7) {
            for (int y = 0; y < png.getHeight() && !varied; y += 7) {
                varied = png.getRGB(x, y) != first;
            }
        }
        assertTrue(varied);

        assertEquals(0, run("report", trace.toString(), "-o", dir.resolve("a.svg").toString(), "--title", "10 Mbit/s"), err.toString());
        String svg = Files.readString(dir.resolve("a.svg"));
        assertTrue(svg.contains("<svg") && svg.contains("xor+lzma-6") && svg.contains("10 Mbit/s") && svg.contains("link bandwidth"));

        assertEquals(0, run("report", trace.toString(), "-o", dir.resolve("a.html").toString()), err.toString());
        String html = Files.readString(dir.resolve("a.html"));
        assertTrue(html.contains("data:image/png;base64,") && html.contains("<td>xor+lzma-6</td><td></td><td>yes</td>")
                && html.contains("<td>xor+lzma-6</td><td>xor+zstd-6 (0.12)</td><td></td>"), html.substring(0, 300));
    }

    @Test
    void badInputIsNamed() throws IOException {
        Path notJson = Files.writeString(dir.resolve("x.json"), "not json");
        assertNotEquals(0, run("report", notJson.toString(), "-o", dir.resolve("x.png").toString()));
        assertTrue(err.toString().contains("not a JSON trace"), err.toString());
        Path empty = Files.writeString(dir.resolve("e.json"), "{\"samples\": [], \"decisions\": []}");
        assertNotEquals(0, run("report", empty.toString(), "-o", dir.resolve("e.png").toString()));
        assertTrue(err.toString().contains("no samples"), err.toString());
        assertFalse(Files.exists(dir.resolve("e.png")));
        assertEquals(Main.USAGE, run("report", trace().toString(), "-o", dir.resolve("x.pdf").toString()));
        assertEquals(Main.USAGE, run("report", dir.resolve("missing.json").toString(), "-o", dir.resolve("x.png").toString()));
    }
}
