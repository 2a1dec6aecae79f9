package org.cloudlet.handoff.report;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;

import java.awt.Rectangle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.Locale;

/** Writes a chart as PNG, SVG or a self-contained HTML page, by the file's extension; never a half-written file. */
public final class ChartFiles {
    static final int WIDTH = 1200;
    static final int HEIGHT = 700;

    private ChartFiles() {
    }

    public static void write(JFreeChart chart, Path file, String htmlFooter) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        byte[] bytes;
        if (name.endsWith(".png")) {
            bytes = png(chart);
        } else if (name.endsWith(".svg")) {
            SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
            chart.draw(g, new Rectangle(0, 0, WIDTH, HEIGHT));
            bytes = g.getSVGDocument().getBytes(StandardCharsets.UTF_8);
        } else if (name.endsWith(".html") || name.endsWith(".htm")) {
            String title = escape(chart.getTitle() == null ? "handoff" : chart.getTitle().getText());
            bytes = ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + title + "</title></head><body>\n"
                    + "<img alt=\"" + title + "\" src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(png(chart)) + "\">\n"
                    + htmlFooter + "</body></html>\n").getBytes(StandardCharsets.UTF_8);
        } else {
            throw new IllegalArgumentException(file + ": expected a .png, .svg or .html file name");
        }
        Path tmp = file.toAbsolutePath().resolveSibling(file.getFileName() + ".part");
        Files.write(tmp, bytes);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static byte[] png(JFreeChart chart) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
        return out.toByteArray();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
