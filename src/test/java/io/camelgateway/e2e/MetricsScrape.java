package io.camelgateway.e2e;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of the gateway's GET /metrics (no key, as Prometheus scrapes it), to read series from. */
record MetricsScrape(String text) {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    static MetricsScrape of(TestGateway gateway) {
        HttpResponse<String> r = Http.get(gateway, "/metrics", null);
        if (r.statusCode() != 200) {
            throw new AssertionError("GET /metrics: " + r.statusCode() + " " + r.body());
        }
        return new MetricsScrape(r.body());
    }

    /**
     * A scrape once this sum has grown by {@code delta} since {@code before} (or after 5 s): a request is counted
     * when it ends, which may be just after its caller has the answer.
     */
    static MetricsScrape awaitGrowth(TestGateway gateway, MetricsScrape before, double delta, String name,
                                     String... labels) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        MetricsScrape now = of(gateway);
        while (now.sum(name, labels) - before.sum(name, labels) < delta && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            now = of(gateway);
        }
        return now;
    }

    /** The sum of the samples of this name whose labels include these (name=value pairs); 0 when none. */
    double sum(String name, String... labels) {
        double sum = 0;
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (m.matches() && m.group(1).equals(name) && hasLabels(m.group(3), labels)) {
                sum += Double.parseDouble(m.group(4));
            }
        }
        return sum;
    }

    private static boolean hasLabels(String labelText, String[] wanted) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (labelText != null) {
            Matcher m = LABEL.matcher(labelText);
            while (m.find()) {
                labels.put(m.group(1), m.group(2));
            }
        }
        for (String pair : wanted) {
            int eq = pair.indexOf('=');
            if (!pair.substring(eq + 1).equals(labels.get(pair.substring(0, eq)))) {
                return false;
            }
        }
        return true;
    }
}
