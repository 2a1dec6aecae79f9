package org.cloudlet.handoff.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;

/** The decisions of a trace as an HTML table: when, what was measured, what was chosen. */
public final class DecisionTable {
    private DecisionTable() {
    }

    public static String html(JsonNode trace) {
        StringBuilder b = new StringBuilder("<table border=\"1\" cellpadding=\"3\" style=\"border-collapse:collapse\">\n"
                + "<tr><th>t (s)</th><th>mode</th><th>fill (share)</th><th>changed</th><th>link Mbit/s</th><th>cores</th><th>measured R</th>"
                + "<th>measured P µs/chunk</th><th>best predicted</th></tr>\n");
        for (JsonNode d : trace.path("decisions")) {
            b.append(String.format(Locale.ROOT, "<tr><td>%.1f</td><td>%s</td><td>%s</td><td>%s</td><td>%.2f</td><td>%.2f</td><td>%.4f</td><td>%.1f</td><td>%s</td></tr>%n",
                    d.path("t_s").asDouble(), ChartFiles.escape(d.path("mode").asText()), ChartFiles.escape(fill(d)),
                    d.path("changed").asBoolean() ? "yes" : "",
                    d.path("bandwidth_Bps").asDouble() * 8 / 1e6, d.path("cores").asDouble(), d.path("measured_ratio").asDouble(),
                    d.path("measured_p_us_per_chunk").asDouble(), ChartFiles.escape(best(d))));
        }
        return b.append("</table>\n").toString();
    }

    private static String best(JsonNode d) {
        StringBuilder b = new StringBuilder();
        for (JsonNode p : d.path("best")) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(String.format(Locale.ROOT, "%s %.1f MB/s", p.path("mode").asText(), p.path("expected_Bps").asDouble() / 1e6));
            if (p.has("fill")) {
                b.append(String.format(Locale.ROOT, " (%s on %.0f %%: %.1f)", p.path("fill").asText(), 100 * p.path("fill_share").asDouble(),
                        p.path("fill_expected_Bps").asDouble() / 1e6));
            }
        }
        return b.toString();
    }

    /** The fill compressor set beside the mode and the share it started at, or empty. */
    private static String fill(JsonNode d) {
        return d.has("fill") ? String.format(Locale.ROOT, "%s (%.2f)", d.path("fill").asText(), d.path("fill_share").asDouble()) : "";
    }
}
