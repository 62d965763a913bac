package io.camelgateway.e2e;

import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import io.camelgateway.simulator.Fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GET /metrics, as Prometheus scrapes it: every answer's tokens, cost and time under OpenTelemetry's GenAI names,
 * requests by team and status, retries and routing decisions, with labels only from the configuration.
 */
@GatewayProperties({"gateway.retry.base-delay-ms=10", "gateway.retry.max-delay-ms=20"})
class MetricsTest extends GatewayTestSupport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKENS = "gen_ai_client_token_usage_tokens_sum";
    private static final String TEAM_KEY = "gw-second-caller-key"; // second-caller, of team research

    private static JsonNode usage(HttpResponse<String> r) throws Exception {
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("usage");
    }

    @Test
    void plainAnswerCountsItsTokensAndItsCostForTheTeam() throws Exception {
        MetricsScrape before = MetricsScrape.of(gateway);
        JsonNode usage = usage(Http.post(gateway, "/v1/chat/completions",
                Http.chat("gpt-4o-mini", "how much is this", false), TEAM_KEY));
        MetricsScrape after = MetricsScrape.awaitGrowth(gateway, before, 1, "gateway_requests_total",
                "team=research", "status=200");

        String[] call = {"gen_ai_operation_name=chat", "gen_ai_provider_name=openai",
            "gen_ai_request_model=gpt-4o-mini", "gen_ai_response_model=openai/gpt-4o-mini"};
        int in = usage.get("prompt_tokens").asInt();
        int out = usage.get("completion_tokens").asInt();
        assertEquals(in, after.sum(TOKENS, with(call, "gen_ai_token_type=input"))
                - before.sum(TOKENS, with(call, "gen_ai_token_type=input")));
        assertEquals(out, after.sum(TOKENS, with(call, "gen_ai_token_type=output"))
                - before.sum(TOKENS, with(call, "gen_ai_token_type=output")));
        assertEquals(1, after.sum("gen_ai_client_operation_duration_seconds_count", call)
                - before.sum("gen_ai_client_operation_duration_seconds_count", call));
        String[] spend = {"team=research", "gen_ai_provider_name=openai", "gen_ai_response_model=openai/gpt-4o-mini"};
        assertEquals((in * 0.15 + out * 0.60) / 1e6,
                after.sum("gateway_cost_usd_total", spend) - before.sum("gateway_cost_usd_total", spend), 1e-12);
        assertEquals(1, after.sum("gateway_requests_total", "team=research", "status=200")
                - before.sum("gateway_requests_total", "team=research", "status=200"));
        assertEquals(1, after.sum("gateway_overhead_seconds_count") - before.sum("gateway_overhead_seconds_count"));
    }

    @Test
    void streamedAnswerCountsTheUsageTheCallerDidNotAskForAndItsFirstChunk() throws Exception {
        String prompt = "tell me a story about a lighthouse";
        JsonNode usage = usage(Http.post(gateway, "/v1/chat/completions",
                Http.chat("claude-sonnet", prompt, false)));
        MetricsScrape before = MetricsScrape.of(gateway);
        HttpResponse<String> stream = Http.post(gateway, "/v1/chat/completions",
                Http.chat("claude-sonnet", prompt, true));
        assertEquals(200, stream.statusCode(), stream.body());
        assertFalse(stream.body().contains("\"usage\""), "the caller did not ask for usage: " + stream.body());
        String[] call = {"gen_ai_provider_name=anthropic", "gen_ai_request_model=claude-sonnet",
            "gen_ai_response_model=anthropic/claude-sonnet-4-5"};
        MetricsScrape after = MetricsScrape.awaitGrowth(gateway, before, 1,
                "gen_ai_client_operation_duration_seconds_count", call);

        assertEquals(usage.get("prompt_tokens").asInt(), after.sum(TOKENS, with(call, "gen_ai_token_type=input"))
                - before.sum(TOKENS, with(call, "gen_ai_token_type=input")));
        assertEquals(usage.get("completion_tokens").asInt(),
                after.sum(TOKENS, with(call, "gen_ai_token_type=output"))
                        - before.sum(TOKENS, with(call, "gen_ai_token_type=output")));
        String ttfc = "gen_ai_client_operation_time_to_first_chunk_seconds_count";
        assertEquals(1, after.sum(ttfc, call) - before.sum(ttfc, call));
    }

    @Test
    void aSlowStreamsTimeIsTheProvidersNotTheGateways() {
        Http.post(gateway, "/v1/chat/completions", Http.chat("gpt-4o-mini", "warm up", true)); // not the JIT's time
        simulator.enqueue(Fault.slowChunks(Duration.ofMillis(100)));
        MetricsScrape before = MetricsScrape.of(gateway);
        HttpResponse<String> r = Http.post(gateway, "/v1/chat/completions",
                Http.chat("gpt-4o-mini", "one two three four five six", true));
        assertEquals(200, r.statusCode(), r.body());
        MetricsScrape after = MetricsScrape.awaitGrowth(gateway, before, 1, "gateway_overhead_seconds_count");

        String[] call = {"gen_ai_provider_name=openai", "gen_ai_request_model=gpt-4o-mini"};
        double duration = after.sum("gen_ai_client_operation_duration_seconds_sum", call)
                - before.sum("gen_ai_client_operation_duration_seconds_sum", call);
        double overhead = after.sum("gateway_overhead_seconds_sum") - before.sum("gateway_overhead_seconds_sum");
        assertTrue(duration > 0.5, "the stream took its chunks' time: " + duration + " s");
        assertTrue(overhead < 0.25, "the gateway's own time is not the stream's: " + overhead + " s");
    }

    @Test
    void embeddingsCountTheirInputTokens() throws Exception {
        MetricsScrape before = MetricsScrape.of(gateway);
        JsonNode usage = usage(Http.post(gateway, "/v1/embeddings",
                "{\"model\":\"openai/text-embedding-3-small\",\"input\":[\"one text\",\"another text\"]}"));
        MetricsScrape after = MetricsScrape.awaitGrowth(gateway, before, 1, "gateway_requests_total",
                "gen_ai_operation_name=embeddings", "status=200");

        String[] input = {"gen_ai_operation_name=embeddings", "gen_ai_provider_name=openai",
            "gen_ai_response_model=openai/text-embedding-3-small", "gen_ai_token_type=input"};
        assertEquals(usage.get("prompt_tokens").asInt(), after.sum(TOKENS, input) - before.sum(TOKENS, input));
        assertTrue(usage.get("prompt_tokens").asInt() > 0);
    }

    @Test
    void anUnknownModelIsLabelledOtherAndNoKeyIsEverALabel() {
        MetricsScrape before = MetricsScrape.of(gateway);
        HttpResponse<String> r = Http.post(gateway, "/v1/chat/completions",
                Http.chat("openai/made-up-model-4711", "hello", false), TEAM_KEY);
        assertEquals(200, r.statusCode(), r.body()); // openai/<anything> goes to openai

        MetricsScrape scrape = MetricsScrape.awaitGrowth(gateway, before, 1, "gateway_requests_total",
                "team=research");
        assertTrue(scrape.sum("gen_ai_client_operation_duration_seconds_count", "gen_ai_request_model=other",
                "gen_ai_response_model=other") >= 1, scrape.text());
        assertFalse(scrape.text().contains("made-up-model-4711"), "a caller's model name is no label");
        assertFalse(scrape.text().contains(TEAM_KEY) || scrape.text().contains(TestGateway.CALLER_KEY),
                "no caller key");
        assertFalse(scrape.text().contains("second-caller"), "no caller name: teams only");
    }

    @Test
    void failedRequestsAreCountedByStatusAndErrorType() {
        MetricsScrape before = MetricsScrape.of(gateway);
        simulator.enqueue(Fault.error(400));
        HttpResponse<String> r = Http.post(gateway, "/v1/chat/completions",
                Http.chat("gpt-4o-mini", "refuse this", false), TEAM_KEY);
        assertEquals(400, r.statusCode(), r.body());
        MetricsScrape after = MetricsScrape.awaitGrowth(gateway, before, 1, "gateway_requests_total",
                "team=research", "status=400");

        assertEquals(1, after.sum("gateway_requests_total", "team=research", "status=400")
                - before.sum("gateway_requests_total", "team=research", "status=400"));
        String errorType = Http.error(r).get("code").asText();
        String[] failed = {"gen_ai_provider_name=openai", "error_type=" + errorType};
        assertEquals(1, after.sum("gen_ai_client_operation_duration_seconds_count", failed)
                - before.sum("gen_ai_client_operation_duration_seconds_count", failed));
    }

    @Test
    void aRetryIsCounted() {
        MetricsScrape before = MetricsScrape.of(gateway);
        simulator.enqueue(Fault.error(503));
        assertEquals(200, Http.post(gateway, "/v1/chat/completions",
                Http.chat("gpt-4o-mini", "again please", false)).statusCode());
        MetricsScrape after = MetricsScrape.awaitGrowth(gateway, before, 1, "gateway_retries_total",
                "gen_ai_provider_name=openai");

        assertEquals(1, after.sum("gateway_retries_total", "gen_ai_provider_name=openai")
                - before.sum("gateway_retries_total", "gen_ai_provider_name=openai"));
    }

    @Test
    void aPoolsFailoverIsCountedAndTheMemberThatServedIsTheResponseModel() {
        MetricsScrape before = MetricsScrape.of(gateway);
        simulator.enqueue(Fault.error(503).onPath("/v1/chat/completions"));
        assertEquals(200, Http.post(gateway, "/v1/chat/completions",
                Http.chat("reliable", "a question for the pool", false)).statusCode());
        MetricsScrape after = MetricsScrape.awaitGrowth(gateway, before, 1, "gateway_pool_failovers_total",
                "pool=reliable");

        assertEquals(1, after.sum("gateway_pool_failovers_total", "pool=reliable")
                - before.sum("gateway_pool_failovers_total", "pool=reliable"));
        String[] served = {"gen_ai_request_model=reliable", "gen_ai_response_model=anthropic/claude-sonnet-4-5",
            "error_type="};
        assertEquals(1, after.sum("gen_ai_client_operation_duration_seconds_count", served)
                - before.sum("gen_ai_client_operation_duration_seconds_count", served));
    }

    @Test
    void aRoutingDecisionIsCountedByTierAndIntent() {
        MetricsScrape before = MetricsScrape.of(gateway);
        HttpResponse<String> r = Http.post(gateway, "/v1/chat/completions",
                Http.chat("auto", "Here is the stack trace from production, what is wrong?", false));
        assertEquals(200, r.statusCode(), r.body());
        MetricsScrape after = MetricsScrape.of(gateway); // counted on the way to the provider, before the answer

        String[] decision = {"tier=keyword", "intent=code"};
        assertEquals(1, after.sum("gateway_routing_decisions_total", decision)
                - before.sum("gateway_routing_decisions_total", decision));
    }

    @Test
    void metricsNeedNoKeyButOnlyAGetIsLetThrough() {
        HttpResponse<String> scrape = Http.get(gateway, "/metrics", null);
        assertEquals(200, scrape.statusCode(), scrape.body());
        assertTrue(scrape.headers().firstValue("content-type").orElse("").startsWith("text/plain"));
        assertTrue(scrape.body().contains("gateway_breaker_state{gen_ai_provider_name=\"openai\"}"),
                scrape.body());

        HttpResponse<String> post = Http.post(gateway, "/metrics", "{}", null);
        assertEquals(401, post.statusCode(), post.body());
    }

    private static String[] with(String[] labels, String more) {
        String[] all = java.util.Arrays.copyOf(labels, labels.length + 1);
        all[labels.length] = more;
        return all;
    }
}
