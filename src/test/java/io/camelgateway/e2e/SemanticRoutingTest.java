package io.camelgateway.e2e;

import java.net.http.HttpResponse;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.camelgateway.api.Json;
import io.camelgateway.simulator.RecordedRequest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** model "auto" goes through the semantic router, and the intent's model answers; the headers say why. */
class SemanticRoutingTest extends GatewayTestSupport {

    @BeforeEach
    void reset() {
        simulator.clearReceived();
        simulator.clearFaults();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Here is the stack trace from production, what is wrong?|code|keyword|anthropic|claude-sonnet-4-5",
            "Write me a few rhyming lines about the sea at night|creative_writing|embedding|openai|gpt-4o",
            "Could you boil this long text down to its essentials?|summarization|embedding|gemini|gemini-2.5-flash",
            "What is the IBAN of my savings account?|customer_finance|keyword|private|llama3.2"})
    void autoRoutesByIntentToThatIntentsModel(String prompt, String intent, String tier, String provider,
                                              String model) {
        HttpResponse<String> r = Http.post(gateway, "/v1/chat/completions", Http.chat("auto", prompt, false));

        assertEquals(200, r.statusCode(), r.body());
        assertEquals(intent, r.headers().firstValue("x-gateway-intent").orElseThrow());
        assertEquals(tier, r.headers().firstValue("x-gateway-tier").orElseThrow());
        assertEquals(provider, r.headers().firstValue("x-gateway-provider").orElseThrow());
        assertEquals(model, r.headers().firstValue("x-gateway-model").orElseThrow());
        List<RecordedRequest> received = simulator.received();
        assertEquals(1, received.size());
        assertTrue((received.get(0).path() + received.get(0).body()).contains(model), received.get(0).toString());
    }

    @Test
    void streamedAutoRequestIsRoutedToo() {
        HttpResponse<String> r = Http.post(gateway, "/v1/chat/completions",
                Http.chat("auto", "tl;dr of this thread please", true));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("summarization", r.headers().firstValue("x-gateway-intent").orElseThrow());
        assertTrue(StreamingTest.text(r.body()).startsWith("Simulated gemini answer"), r.body());
    }

    @Test
    void emptyContentGoesToTheDefaultIntent() {
        HttpResponse<String> r = Http.post(gateway, "/v1/chat/completions", Http.chat("auto", "   ", false));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("general_chat", r.headers().firstValue("x-gateway-intent").orElseThrow());
        assertEquals("default", r.headers().firstValue("x-gateway-tier").orElseThrow());
        assertEquals("gpt-4o-mini", r.headers().firstValue("x-gateway-model").orElseThrow());
    }

    @Test
    void explicitModelSkipsRouting() {
        HttpResponse<String> r = Http.post(gateway, "/v1/chat/completions",
                Http.chat("openai/gpt-4o-mini", "Here is the stack trace", false));
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("x-gateway-intent").isEmpty());
    }

    @Test
    void errorResponsesCarryTheDecisionToo() {
        simulator.enqueue(io.camelgateway.simulator.Fault.error(500).forever());
        HttpResponse<String> r = Http.post(gateway, "/v1/chat/completions",
                Http.chat("auto", "Here is the stack trace from production", false));
        assertEquals(502, r.statusCode());
        assertEquals("code", r.headers().firstValue("x-gateway-intent").orElseThrow());
        assertEquals("keyword", r.headers().firstValue("x-gateway-tier").orElseThrow());
    }

    @Test
    void dryRunShowsTheRequestTier2ReadApartFromPastedMaterial() throws Exception {
        HttpResponse<String> r = Http.post(gateway, "/v1/routing/dry-run",
                Http.chat("auto", "What does this say?\\n\\n> Liebe Anna, vielen Dank für die Einladung!", false));

        assertEquals(200, r.statusCode(), r.body());
        JsonNode decision = Json.tree(r.body());
        assertEquals("What does this say?", decision.get("request").asText());
        assertTrue(decision.get("routedText").asText().endsWith("vielen Dank für die Einladung!"), r.body());
    }

    @Test
    void dryRunShowsEveryTiersScoresWithoutCallingAProvider() throws Exception {
        HttpResponse<String> r = Http.post(gateway, "/v1/routing/dry-run",
                Http.chat("auto", "Translate this poem into Spanish", false));

        assertEquals(200, r.statusCode(), r.body());
        JsonNode decision = Json.tree(r.body());
        assertEquals(List.of("creative_writing", "translation"),
                List.of(decision.get("keywordMatches").get(0).asText(), decision.get("keywordMatches").get(1).asText()));
        assertEquals(7, decision.get("embeddingScores").size(), "a score for every intent when keywords conflict");
        assertEquals(decision.get("intent").asText(), r.headers().firstValue("x-gateway-intent").orElseThrow());
        assertTrue(simulator.received().isEmpty());
    }
}
