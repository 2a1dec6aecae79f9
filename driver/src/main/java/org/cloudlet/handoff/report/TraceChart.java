package org.cloudlet.handoff.report;

import com.fasterxml.jackson.databind.JsonNode;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;

/**
 * The paper's Figure 17 view of one handoff's adaptation trace: output and potential output throughput against
 * the link's bandwidth (top), the pipeline's input throughput (bottom), both over time, with a marker and the
 * mode's name at each decision that changed the mode. Rates are averaged over {@link #SMOOTH_SAMPLES} samples
 * (100 ms each), since single samples are as bursty as the segments.
 */
public final class TraceChart {
    static final int SMOOTH_SAMPLES = 10;

    private TraceChart() {
    }

    /** Builds the chart; throws IOException naming what the trace lacks. */
    public static JFreeChart of(JsonNode trace, String title) throws IOException {
        JsonNode samples = trace.path("samples");
        if (!samples.isArray() || samples.isEmpty()) {
            throw new IOException("the trace has no samples (expected a top-level 'samples' array of 100 ms samples)");
        }
        JsonNode decisions = trace.path("decisions");
        if (!decisions.isArray()) {
            throw new IOException("the trace has no 'decisions' array");
        }
        XYSeries output = smoothed("output", samples, "output_Bps");
        XYSeries potential = smoothed("potential output", samples, "potential_output_Bps");
        XYSeries bandwidth = smoothed("link bandwidth", samples, "bandwidth_Bps");
        XYSeries input = smoothed("input", samples, "input_Bps");

        XYSeriesCollection top = new XYSeriesCollection();
        top.addSeries(output);
        top.addSeries(potential);
        top.addSeries(bandwidth);
        XYPlot rates = new XYPlot(top, null, new NumberAxis("Mbit/s"), lines(new Color(0x1f77b4), new Color(0x2ca02c), Color.BLACK));
        XYPlot in = new XYPlot(new XYSeriesCollection(input), null, new NumberAxis("input Mbit/s"), lines(new Color(0xd62728)));

        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(new NumberAxis("time since the handoff began (s)"));
        plot.add(rates, 3);
        plot.add(in, 2);
        // The link and the output are what matter; potential output shoots up while pages equal to the base flow
        // (they cost almost nothing), so the axis stops at a few times the link and clips those peaks.
        double ceiling = Math.max(max(bandwidth), max(output)) * 3;
        if (ceiling > 0) {
            rates.getRangeAxis().setRange(0, ceiling);
        }
        String previous = trace.path("initial_mode").asText("");
        int labels = 0;
        mark(rates, 0, previous, true, labels++);
        for (JsonNode d : decisions) {
            String mode = d.path("mode").asText();
            if (!d.has("t_s") || mode.isEmpty()) {
                throw new IOException("a decision without 't_s' and 'mode': " + d);
            }
            boolean changed = !mode.equals(previous);
            mark(rates, d.path("t_s").asDouble(), mode, changed, changed ? labels++ : labels);
            mark(in, d.path("t_s").asDouble(), null, changed, 0);
            previous = mode;
        }
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** Megabits per second, averaged over the last few samples. */
    private static XYSeries smoothed(String name, JsonNode samples, String field) {
        XYSeries s = new XYSeries(name, true, true); // catch-up ticks after a pause can share a timestamp
        double[] window = new double[SMOOTH_SAMPLES];
        int n = 0;
        double sum = 0;
        for (JsonNode sample : samples) {
            if (!sample.has(field)) {
                continue;
            }
            double mbit = sample.path(field).asDouble() * 8 / 1e6;
            sum += mbit - window[n % SMOOTH_SAMPLES];
            window[n % SMOOTH_SAMPLES] = mbit;
            n++;
            s.add(sample.path("t_s").asDouble(), sum / Math.min(n, SMOOTH_SAMPLES));
        }
        return s;
    }

    private static XYLineAndShapeRenderer lines(Color... colors) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < colors.length; i++) {
            r.setSeriesPaint(i, colors[i]);
            r.setSeriesStroke(i, new BasicStroke(i == colors.length - 1 && colors.length > 1 ? 2.0f : 1.5f));
        }
        return r;
    }

    private static double max(XYSeries s) {
        return s.isEmpty() ? 0 : s.getMaxY();
    }

    /** A decision: dashed line; with the mode's name when it changed the mode, staggered so neighbours stay legible. */
    private static void mark(XYPlot plot, double t, String mode, boolean changed, int label) {
        ValueMarker m = new ValueMarker(t);
        m.setPaint(changed ? new Color(0x9467bd) : new Color(0xcccccc));
        m.setStroke(new BasicStroke(1.0f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{4f, 4f}, 0f));
        if (mode != null && changed) {
            m.setLabel(mode);
            m.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            m.setLabelOffset(new org.jfree.chart.ui.RectangleInsets(4 + 14 * (label % 4), 2, 2, 2));
        }
        plot.addDomainMarker(m);
    }
}
