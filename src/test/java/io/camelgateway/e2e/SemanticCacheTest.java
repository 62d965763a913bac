package io.camelgateway.e2e;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.camelgateway.api.Json;
import io.camelgateway.cache.semantic.SemanticCache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The semantic cache through the gateway, on the pool of docs/examples/semantic-cache-pool.camel.yaml: a paraphrase
 * is answered without a provider call, a near miss and another conversation's follow-up are not.
 */
@GatewayFiles(routes = "docs/examples/semantic-cache-pool.camel.yaml")
class SemanticCacheTest extends GatewayTestSupport {

    @BeforeEach
    void emptyCache() {
        gateway.bean("semanticCache", SemanticCache.class).index().clear();
    }

    @Test
    void paraphraseIsAnsweredFromTheFirstAnswerWithOneUpstreamCall() throws Exception {
        HttpResponse<String> first = ask(user("How do I reverse a list in Python?"));
        HttpResponse<String> second = ask(user("What's the way to reverse a Python list?"));

        assertEquals(200, second.statusCode(), second.body());
        assertEquals(1, simulator.received().size(), "one provider call for both");
        assertEquals("miss", header(first, "x-gateway-cache"));
        assertEquals("semantic", header(second, "x-gateway-cache"));
        assertTrue(Double.parseDouble(header(second, "x-gateway-cache-similarity")) >= 0.8,
                second.headers().toString());
        assertEquals(text(first), text(second));
    }

    @Test
    void streamedParaphraseIsReplayedAsAStream() {
        ask(user("Why is the sky blue?"));
        HttpResponse<String> streamed = Http.post(gateway, "/v1/chat/completions",
                "{\"model\":\"faq\",\"stream\":true,\"messages\":" + user("What makes the sky blue?") + "}");

        assertEquals(200, streamed.statusCode(), streamed.body());
        assertEquals("semantic", header(streamed, "x-gateway-cache"));
        assertTrue(streamed.body().contains("data: [DONE]"), streamed.body());
        assertEquals(1, simulator.received().size());
    }

    @Test
    void aStreamedAnswerIsKeptOnceItEndedWholeAndAnswersAPlainParaphrase() throws Exception {
        HttpResponse<String> streamed = Http.post(gateway, "/v1/chat/completions",
                "{\"model\":\"faq\",\"stream\":true,\"messages\":" + user("How do I boil an egg?") + "}");
        assertEquals(200, streamed.statusCode(), streamed.body());
        assertEquals("miss", header(streamed, "x-gateway-cache"));

        HttpResponse<String> plain = null;
        for (int i = 0; i < 50 && (plain == null || !"semantic".equals(header(plain, "x-gateway-cache"))); i++) {
            Thread.sleep(20); // kept when the stream's end is recorded, just after its last chunk went out
            plain = ask(user("What's the way to boil an egg?"));
        }
        assertEquals("semantic", header(plain, "x-gateway-cache"), plain.body());
        assertEquals(1, simulator.received().size(), "the streamed answer served the paraphrase");
        assertFalse(text(plain).isEmpty());
    }

    @Test
    void nearMissGoesUpstream() {
        ask(user("What's the population of Sydney?"));
        HttpResponse<String> melbourne = ask(user("What's the population of Melbourne?")); // 0.865 similar

        assertEquals("miss", header(melbourne, "x-gateway-cache"));
        assertEquals(2, simulator.received().size());
    }

    @Test
    void anotherConversationsFollowUpIsNotAnsweredFromTheFirst() {
        String followUp = "And how long does it take?";
        ask("[" + turn("user", "How do I boil an egg?") + "," + turn("assistant", "Put it in boiling water.") + ","
                + turn("user", followUp) + "]");
        HttpResponse<String> other = ask("[" + turn("user", "How do I bake bread?") + ","
                + turn("assistant", "Mix flour, water, yeast; knead; bake.") + "," + turn("user", followUp) + "]");

        assertEquals("miss", header(other, "x-gateway-cache"));
        assertEquals(2, simulator.received().size());
    }

    @Test
    void anotherTeamIsNotAnsweredFromTheFirstTeamsAnswer() {
        ask(user("How do I reverse a list in Python?"));
        HttpResponse<String> otherTeam = Http.post(gateway, "/v1/chat/completions",
                "{\"model\":\"faq\",\"messages\":" + user("How do I reverse a list in Python?") + "}",
                "gw-second-caller-key");

        assertEquals(200, otherTeam.statusCode(), otherTeam.body());
        assertEquals("miss", header(otherTeam, "x-gateway-cache"));
        assertEquals(2, simulator.received().size());
    }

    @Test
    void imagePartsAndHugePromptsAreMissesNotErrors() {
        String image = "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is in this picture?\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,iVBORw0KGgo=\"}}]}]";
        String huge = user("Why? ".repeat(5_000));
        for (String messages : List.of(image, image, huge, huge)) {
            HttpResponse<String> r = ask(messages);
            assertEquals(200, r.statusCode(), r.body());
            assertFalse(r.headers().firstValue("x-gateway-cache").isPresent(), r.headers().toString());
        }
        assertEquals(4, simulator.received().size());
    }

    @Test
    void dryRunSaysWhetherTheSemanticCacheWouldAnswer() throws Exception {
        ask(user("How do I reverse a list in Python?"));

        JsonNode paraphrase = dryRun("What's the way to reverse a Python list?").path("semanticCache");
        JsonNode nearMiss = dryRun("How do I reverse a list in Ruby?").path("semanticCache");

        assertEquals("semantic", paraphrase.path("status").asText(), paraphrase.toString());
        assertTrue(paraphrase.path("similarity").asDouble() >= 0.8, paraphrase.toString());
        assertEquals(0.8, paraphrase.path("threshold").asDouble());
        assertEquals("miss", nearMiss.path("status").asText(), nearMiss.toString());
        assertEquals("near miss: the closest stored question names another entity", nearMiss.path("why").asText());
        assertEquals(1, simulator.received().size(), "the dry run calls no provider");
    }

    @Test
    void aHitCostsNothingAndIsCountedAsSemantic() {
        ask(user("Who painted the Mona Lisa?"));
        HttpResponse<String> hit = ask(user("Who was the painter of the Mona Lisa?"));

        assertEquals("semantic", header(hit, "x-gateway-cache"));
        assertEquals(0.0, Double.parseDouble(header(hit, "x-gateway-cost-usd")));
        String metrics = Http.get(gateway, "/metrics", null).body();
        assertTrue(metrics.contains("gateway_cache_hits_total{cache=\"semantic\""), metrics);
    }

    private static JsonNode dryRun(String question) throws Exception {
        HttpResponse<String> r = Http.post(gateway, "/v1/routing/dry-run",
                "{\"model\":\"faq\",\"messages\":" + user(question) + "}");
        assertEquals(200, r.statusCode(), r.body());
        return Json.MAPPER.readTree(r.body());
    }

    private static HttpResponse<String> ask(String messages) {
        HttpResponse<String> r = Http.post(gateway, "/v1/chat/completions",
                "{\"model\":\"faq\",\"messages\":" + messages + "}");
        assertEquals(200, r.statusCode(), r.body());
        return r;
    }

    private static String user(String text) {
        return "[" + turn("user", text) + "]";
    }

    private static String turn(String role, String text) {
        return Json.writeString(Map.of("role", role, "content", text));
    }

    private static String header(HttpResponse<String> r, String name) {
        return r.headers().firstValue(name).orElse("(none)");
    }

    private static String text(HttpResponse<String> r) throws Exception {
        JsonNode body = Json.MAPPER.readTree(r.body());
        return body.at("/choices/0/message/content").asText();
    }
}
