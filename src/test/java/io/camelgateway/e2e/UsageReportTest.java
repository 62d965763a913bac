package io.camelgateway.e2e;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /admin/v1/usage: what each key and team spent, from the store, for administrators only. */
@GatewayProperties("gateway.usage.flush-ms=100")
class UsageReportTest extends GatewayTestSupport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TEAM_KEY = "gw-second-caller-key"; // second-caller, of team research
    private static final String TODAY = LocalDate.now(ZoneOffset.UTC).toString();
    private static final String BY_KEY_AND_MODEL = "/admin/v1/usage?from=" + TODAY + "&to=" + TODAY
            + "&groupBy=key,model";

    @Test
    void usageSumsEachKeysRequestsTokensAndCostByModel() throws Exception {
        JsonNode before = row(report(BY_KEY_AND_MODEL), "second-caller", "openai/gpt-4o-mini");
        long requests = 0;
        long in = 0;
        long out = 0;
        double cost = 0;
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = Http.post(gateway, "/v1/chat/completions",
                    Http.chat("gpt-4o-mini", "count me in " + i, i == 1), TEAM_KEY);
            assertEquals(200, r.statusCode(), r.body());
            if (i != 1) {
                JsonNode usage = JSON.readTree(r.body()).get("usage");
                in += usage.get("prompt_tokens").asLong();
                out += usage.get("completion_tokens").asLong();
                cost += Double.parseDouble(r.headers().firstValue("x-gateway-cost-usd").orElseThrow());
            }
            requests++;
        }
        JsonNode streamed = JSON.readTree(Http.post(gateway, "/v1/chat/completions",
                Http.chat("gpt-4o-mini", "count me in 1", false), TEAM_KEY).body()).get("usage");
        in += streamed.get("prompt_tokens").asLong(); // the stream's usage is the same prompt's plain usage
        out += streamed.get("completion_tokens").asLong();
        cost += (streamed.get("prompt_tokens").asLong() * 0.15 + streamed.get("completion_tokens").asLong() * 0.60)
                / 1e6;
        requests++;
        in += streamed.get("prompt_tokens").asLong();
        out += streamed.get("completion_tokens").asLong();
        cost += (streamed.get("prompt_tokens").asLong() * 0.15 + streamed.get("completion_tokens").asLong() * 0.60)
                / 1e6;

        JsonNode after = awaitRequests(before.path("requests").asLong() + requests);
        assertEquals(in, after.get("input_tokens").asLong() - before.path("input_tokens").asLong());
        assertEquals(out, after.get("output_tokens").asLong() - before.path("output_tokens").asLong());
        assertEquals(cost, after.get("cost_usd").asDouble() - before.path("cost_usd").asDouble(), 1e-7);
    }

    @Test
    void usageIsForAdministratorsAndChecksItsParameters() throws Exception {
        assertEquals(403, AdminApi.call(gateway, "GET", "/admin/v1/usage", null, TEAM_KEY).statusCode());
        assertEquals(401, AdminApi.call(gateway, "GET", "/admin/v1/usage", null, null).statusCode());
        HttpResponse<String> badGroup = AdminApi.call(gateway, "GET", "/admin/v1/usage?groupBy=user", null,
                TestGateway.ADMIN_KEY);
        assertEquals(400, badGroup.statusCode());
        assertEquals("groupBy", Http.error(badGroup).get("param").asText());
        HttpResponse<String> badDay = AdminApi.call(gateway, "GET", "/admin/v1/usage?from=yesterday", null,
                TestGateway.ADMIN_KEY);
        assertEquals(400, badDay.statusCode());
        assertEquals("from", Http.error(badDay).get("param").asText());

        JsonNode report = report("/admin/v1/usage?groupBy=team,day");
        assertEquals("list", report.get("object").asText());
        assertEquals(TODAY, report.get("to").asText());
        assertEquals(LocalDate.now(ZoneOffset.UTC).minusDays(29).toString(), report.get("from").asText());
    }

    private static JsonNode report(String path) throws Exception {
        HttpResponse<String> r = AdminApi.call(gateway, "GET", path, null, TestGateway.ADMIN_KEY);
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    private static JsonNode row(JsonNode report, String key, String model) {
        for (JsonNode row : report.get("data")) {
            if (key.equals(row.get("key").asText()) && model.equals(row.get("model").asText())) {
                return row;
            }
        }
        return JSON.createObjectNode();
    }

    /** The caller's row once the store has this many requests for it (usage is written every 100 ms here). */
    private static JsonNode awaitRequests(long requests) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode row;
        do {
            row = row(report(BY_KEY_AND_MODEL), "second-caller", "openai/gpt-4o-mini");
            if (row.path("requests").asLong() >= requests) {
                break;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        assertEquals(requests, row.path("requests").asLong(), row.toString());
        assertTrue(row.has("cost_usd"));
        return row;
    }
}
