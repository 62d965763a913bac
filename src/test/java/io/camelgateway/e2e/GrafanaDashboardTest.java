package io.camelgateway.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import io.camelgateway.simulator.Fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * docs/grafana/gateway-dashboard.json against a real Prometheus that scrapes the gateway's /metrics: after some
 * traffic of every kind the dashboard shows (plain, streamed, failed, retried, failed over, routed), every query in
 * the dashboard returns series.
 */
@GatewayProperties({"gateway.retry.base-delay-ms=10", "gateway.retry.max-delay-ms=20"})
class GrafanaDashboardTest extends GatewayTestSupport {
    private static final Path DASHBOARD = Path.of("docs/grafana/gateway-dashboard.json");

    @Test
    void everyQueryOfTheDashboardReturnsTheGatewaysSeries() throws Exception {
        assumeTrue(PrometheusServer.installed(), "Prometheus is not installed and apt-get could not install it: "
                + "apt-get install prometheus");
        List<String> queries = queries(new ObjectMapper().readTree(DASHBOARD.toFile()));
        assertTrue(queries.size() >= 15, "the dashboard's queries: " + queries);

        try (PrometheusServer prometheus = PrometheusServer.scraping("127.0.0.1:" + gateway.port())) {
            traffic();
            int scraped = prometheus.scrapes();
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (prometheus.scrapes() < scraped + 3 && System.nanoTime() < deadline) {
                PrometheusServer.sleep(200); // rate() and increase() need two scrapes after the traffic
            }

            List<String> empty = new ArrayList<>();
            for (String query : queries) {
                if (prometheus.query(query).isEmpty()) {
                    empty.add(query);
                }
            }
            assertEquals(List.of(), empty, "queries without a series; Prometheus's log: " + prometheus.log());
        }
    }

    private static void traffic() {
        String key = "gw-second-caller-key"; // team research
        assertEquals(200, Http.post(gateway, "/v1/chat/completions",
                Http.chat("gpt-4o-mini", "a plain question", false), key).statusCode());
        assertEquals(200, Http.post(gateway, "/v1/chat/completions",
                Http.chat("claude-sonnet", "a streamed question", true)).statusCode());
        simulator.enqueue(Fault.error(400));
        assertEquals(400, Http.post(gateway, "/v1/chat/completions",
                Http.chat("gpt-4o-mini", "a refused question", false), key).statusCode());
        simulator.enqueue(Fault.error(503));
        assertEquals(200, Http.post(gateway, "/v1/chat/completions",
                Http.chat("gpt-4o-mini", "a retried question", false)).statusCode());
        simulator.enqueue(Fault.error(503).onPath("/v1/chat/completions"));
        assertEquals(200, Http.post(gateway, "/v1/chat/completions",
                Http.chat("reliable", "a question for the pool", false)).statusCode());
        assertEquals(200, Http.post(gateway, "/v1/chat/completions",
                Http.chat("auto", "Here is the stack trace from production, what is wrong?", false)).statusCode());
    }

    /** Every panel's PromQL, with Grafana's interval variables as a dashboard over the last hour would set them. */
    private static List<String> queries(JsonNode dashboard) {
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(target.path("expr").asText()
                        .replace("$__rate_interval", "1m")
                        .replace("$__range", "1h"));
            }
        }
        return queries;
    }
}
