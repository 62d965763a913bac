package io.camelgateway.e2e;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import io.camelgateway.api.Json;
import io.camelgateway.simulator.Fault;
import io.camelgateway.simulator.RecordedRequest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fan-outs of routes/fanout.camel.yaml through real HTTP: hedged (first), consensus (vote), judged (judge) and
 * fused (fuse). Members are openai/gpt-4o-mini, anthropic/claude-haiku-4-5 and, except for hedged,
 * gemini/gemini-2.5-flash; the simulator is told what each one answers.
 */
class FanOutTest extends GatewayTestSupport {

    static Fault openai(String text) {
        return Fault.raw("""
                {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"%s"},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":10,"completion_tokens":1,"total_tokens":11}}""".formatted(text))
                .onPath("/chat/completions");
    }

    static Fault anthropic(String text) {
        return Fault.raw("""
                {"id":"msg_1","type":"message","role":"assistant","model":"claude-haiku-4-5",
                 "content":[{"type":"text","text":"%s"}],"stop_reason":"end_turn","stop_sequence":null,
                 "usage":{"input_tokens":20,"output_tokens":2}}""".formatted(text)).onPath("/v1/messages");
    }

    static Fault gemini(String text) {
        return Fault.raw("""
                {"candidates":[{"content":{"parts":[{"text":"%s"}],"role":"model"},"finishReason":"STOP","index":0}],
                 "usageMetadata":{"promptTokenCount":30,"candidatesTokenCount":3,"totalTokenCount":33}}"""
                .formatted(text)).onPath("generateContent");
    }

    private static HttpResponse<String> ask(String pool, String text, boolean stream) {
        return Http.post(gateway, "/v1/chat/completions", Http.chat(pool, text, stream));
    }

    private static String header(HttpResponse<String> r, String name) {
        return r.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name + " in " + r.headers()));
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.tree(r.body());
    }

    @Test
    void voteTakesTheMajorityOverNormalisedAnswersAndAddsUpUsage() throws Exception {
        simulator.enqueue(openai("Positive."));
        simulator.enqueue(anthropic("positive"));
        simulator.enqueue(gemini("negative"));
        HttpResponse<String> r = ask("consensus", "Is this review positive or negative?", false);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode body = json(r);
        assertEquals("Positive.", body.at("/choices/0/message/content").asText());
        assertEquals("vote 2/3", header(r, "x-gateway-consensus"));
        assertEquals("openai", header(r, "x-gateway-provider"));
        String members = header(r, "x-gateway-members");
        assertTrue(members.matches("openai/gpt-4o-mini=ok \\d+ms, anthropic/claude-haiku-4-5=ok \\d+ms, "
                + "gemini/gemini-2.5-flash=ok \\d+ms"), members);
        assertEquals(10 + 20 + 30, body.at("/usage/prompt_tokens").asInt(), "usage adds up over the members");
        assertEquals(1 + 2 + 3, body.at("/usage/completion_tokens").asInt());
        // (10 x 0.15 + 1 x 0.60) + (20 x 1.00 + 2 x 5.00) + (30 x 0.30 + 3 x 2.50) = 48.6 USD per million tokens
        assertEquals("0.000049", header(r, "x-gateway-cost-usd"), "cost adds up over the members");
        assertEquals(3, simulator.received().size());
    }

    @Test
    void aFailingMemberIsLeftOutAndReported() throws Exception {
        simulator.enqueue(openai("blue"));
        simulator.enqueue(Fault.error(500).onPath("generateContent"));
        simulator.enqueue(anthropic("Blue"));
        HttpResponse<String> r = ask("consensus", "Which colour?", false);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("blue", json(r).at("/choices/0/message/content").asText());
        assertEquals("vote 2/2", header(r, "x-gateway-consensus"));
        assertTrue(header(r, "x-gateway-members").contains("gemini/gemini-2.5-flash=upstream_error"),
                header(r, "x-gateway-members"));
    }

    @Test
    void noMemberAnsweringIsAnErrorInOpenAisShape() {
        simulator.enqueue(Fault.error(500).forever());
        HttpResponse<String> r = ask("consensus", "Anyone?", false);
        assertEquals(502, r.statusCode(), r.body());
        JsonNode error = Http.error(r);
        assertEquals("fan_out_failed", error.path("code").asText());
        assertTrue(error.path("message").asText().contains("anthropic/claude-haiku-4-5=upstream_error"), r.body());
    }

    @Test
    void aStreamingCallerGetsTheCombinedAnswerAsAStream() {
        simulator.enqueue(openai("yes"));
        simulator.enqueue(anthropic("Yes!"));
        simulator.enqueue(gemini("no"));
        HttpResponse<String> r = ask("consensus", "Agree?", true);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(header(r, "content-type").startsWith("text/event-stream"));
        assertEquals("yes", StreamingTest.text(r.body()));
        assertTrue(r.body().trim().endsWith("data: [DONE]"), r.body());
        for (RecordedRequest member : simulator.received()) {
            assertFalse(member.body().contains("\"stream\":true"), "members answer in full: " + member.body());
        }
    }

    @Test
    void hedgedRequestTakesTheFirstAnswerAndCancelsTheSlowMember() throws Exception {
        simulator.enqueue(Fault.slowHeaders(Duration.ofMillis(1500)).onPath("/chat/completions"));
        int abandoned = simulator.abandonedCalls();
        long start = System.nanoTime();
        HttpResponse<String> r = ask("hedged", "Quick one", false);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("anthropic", header(r, "x-gateway-provider"));
        assertEquals("first", header(r, "x-gateway-consensus"));
        assertTrue(r.body().contains("Simulated anthropic answer to: Quick one"), r.body());
        assertTrue(millis < 1000, "did not wait for the slow member: " + millis + " ms");
        assertTrue(header(r, "x-gateway-members").contains("openai/gpt-4o-mini=cancelled"),
                header(r, "x-gateway-members"));
        assertLoserWasHungUpOn(abandoned, "/chat/completions");
    }

    /**
     * The slow member's connection was closed: when its answer was due, nobody was there to take it. (Or, closed
     * sooner still, its request never reached the simulator at all.)
     */
    private static void assertLoserWasHungUpOn(int abandonedBefore, String loserPath) throws InterruptedException {
        for (int i = 0; i < 40 && simulator.abandonedCalls() == abandonedBefore; i++) {
            Thread.sleep(100);
        }
        boolean reached = simulator.received().stream().anyMatch(q -> q.path().contains(loserPath));
        assertEquals(reached ? abandonedBefore + 1 : abandonedBefore, simulator.abandonedCalls(),
                "the slower call was closed, not waited for");
    }

    @Test
    void hedgedStreamStreamsTheWinner() throws Exception {
        simulator.enqueue(Fault.slowHeaders(Duration.ofMillis(1500)).onPath("/v1/messages"));
        int abandoned = simulator.abandonedCalls();
        long start = System.nanoTime();
        HttpResponse<String> r = ask("hedged", "Stream it", true);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("openai", header(r, "x-gateway-provider"));
        assertEquals("Simulated openai answer to: Stream it", StreamingTest.text(r.body()));
        assertTrue(r.body().trim().endsWith("data: [DONE]"), r.body());
        assertTrue(millis < 1000, "did not wait for the slow member: " + millis + " ms");
        assertLoserWasHungUpOn(abandoned, "/v1/messages");
    }

    @Test
    void judgePicksTheCandidateItNames() throws Exception {
        simulator.enqueue(openai("Paris"));
        simulator.enqueue(anthropic("Lyon"));
        simulator.enqueue(gemini("Marseille"));
        simulator.enqueue(openai("2")); // the judge, openai/gpt-4o, asked after the members
        HttpResponse<String> r = ask("judged", "Pick a city", false);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode body = json(r);
        assertEquals("Lyon", body.at("/choices/0/message/content").asText());
        assertEquals("judge 2/3", header(r, "x-gateway-consensus"));
        assertEquals("anthropic", header(r, "x-gateway-provider"));
        assertEquals(10 + 20 + 30 + 10, body.at("/usage/prompt_tokens").asInt(), "the judge's tokens count too");
        // 48.6 for the members + the judge, openai/gpt-4o: 10 x 2.50 + 1 x 10.00 = 35 (USD per million tokens)
        assertEquals("0.000084", header(r, "x-gateway-cost-usd"));
        List<RecordedRequest> received = simulator.received();
        assertEquals(4, received.size());
        String judge = received.get(3).body();
        assertTrue(judge.contains("gpt-4o") && judge.contains("Candidate 1:\\nParis")
                && judge.contains("Candidate 2:\\nLyon") && judge.contains("Pick a city"), judge);
    }

    @Test
    void aFailedJudgeLeavesItToTheVote() throws Exception {
        simulator.enqueue(openai("Paris"));
        simulator.enqueue(anthropic("Lyon"));
        simulator.enqueue(gemini("paris"));
        simulator.enqueue(Fault.error(500).onPath("/chat/completions").forever()); // the judge, after the member
        HttpResponse<String> r = ask("judged", "Pick a city", false);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("Paris", json(r).at("/choices/0/message/content").asText());
        assertTrue(header(r, "x-gateway-consensus").matches("combiner failed \\(upstream_error\\); vote 2/3"),
                header(r, "x-gateway-consensus"));
    }

    @Test
    void fuserWritesTheAnswerFromAllCandidates() throws Exception {
        simulator.enqueue(openai("Use a hash map."));
        simulator.enqueue(anthropic("A trie works."));
        simulator.enqueue(gemini("Sort first."));
        HttpResponse<String> r = ask("fused", "How to find duplicates?", false);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode body = json(r);
        String text = body.at("/choices/0/message/content").asText();
        assertTrue(text.startsWith("Simulated anthropic answer to: Request:"), text);
        assertTrue(text.contains("Candidate 3:") && text.contains("Sort first."), text);
        assertEquals("claude-sonnet-4-5", header(r, "x-gateway-model"));
        assertEquals("fuse 3", header(r, "x-gateway-consensus"));
        assertTrue(body.at("/usage/prompt_tokens").asInt() > 10 + 20 + 30, "members and the fuser");
    }

    @Test
    void poolsAndFanOutsAreListedAsModels() {
        HttpResponse<String> r = Http.get(gateway, "/v1/models", TestGateway.CALLER_KEY);
        assertEquals(200, r.statusCode(), r.body());
        for (String pool : List.of("reliable", "balanced", "canary", "fastest", "cheapest", "hedged", "consensus",
                "judged", "fused")) {
            assertTrue(r.body().contains("{\"id\":\"" + pool + "\""), pool + " in " + r.body());
        }
        assertEquals(9, r.body().split("\"owned_by\":\"gateway-pool\"", -1).length - 1, "only pools: " + r.body());
    }
}
