package io.camelgateway.e2e;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.camelgateway.api.Json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * POST /v1/routing/feedback records a caller's label for a prompt, in the labelled-prompts format the calibration
 * command reads, calls no provider, and keeps the file bounded.
 */
@GatewayProperties({"gateway.routing.feedback-file=target/routing-feedback-test.yaml",
        "gateway.routing.feedback-max-records=2"})
class RoutingFeedbackTest extends GatewayTestSupport {
    static final Path FILE = Path.of("target/routing-feedback-test.yaml");

    @BeforeEach
    void emptyTheFile() throws IOException {
        Files.deleteIfExists(FILE);
    }

    @Test
    void aLabelIsRecordedWithWhereThePromptWentAndTheCalibrationCanReadIt() throws Exception {
        String text = "Could you look over this line: \"Dear Ms Lee, thanks for the quick reply\"";
        HttpResponse<String> r = Http.post(gateway, "/v1/routing/feedback", feedback(text, "creative_writing"));

        assertEquals(200, r.statusCode(), r.body());
        JsonNode receipt = Json.tree(r.body());
        assertEquals("creative_writing", receipt.get("intent").asText());
        assertFalse(receipt.get("routedIntent").asText().isEmpty());
        assertEquals(1, receipt.get("records").asInt());
        assertTrue(simulator.received().isEmpty(), "no provider is called");

        JsonNode prompts = new YAMLMapper().readTree(FILE.toFile()).get("prompts");
        assertEquals(1, prompts.size());
        assertEquals("creative_writing", prompts.get(0).get("intent").asText());
        assertEquals(text, prompts.get(0).get("text").asText(), "quotes survive the file");
        assertEquals(receipt.get("routedIntent").asText(), prompts.get(0).get("routed").asText());
    }

    @Test
    void anIntentTheFileDoesNotDefineIsRefused() throws Exception {
        HttpResponse<String> r = Http.post(gateway, "/v1/routing/feedback", feedback("hello", "cooking"));

        assertEquals(400, r.statusCode(), r.body());
        JsonNode error = Json.tree(r.body()).get("error");
        assertEquals("intent", error.get("param").asText());
        assertTrue(error.get("message").asText().startsWith("'cooking' is not an intent of the intents file (code,"),
                r.body());
        assertFalse(Files.exists(FILE));
    }

    @Test
    void theFileStopsGrowingAtItsLimit() throws Exception {
        for (int i = 0; i < 2; i++) {
            assertEquals(200, Http.post(gateway, "/v1/routing/feedback", feedback("Sum 1 to " + i, "math"))
                    .statusCode());
        }
        HttpResponse<String> r = Http.post(gateway, "/v1/routing/feedback", feedback("Sum 1 to 100", "math"));

        assertEquals(507, r.statusCode(), r.body());
        assertEquals("feedback_full", Json.tree(r.body()).get("error").get("code").asText());
        assertEquals(2, new YAMLMapper().readTree(FILE.toFile()).get("prompts").size());
    }

    private static String feedback(String text, String intent) {
        ObjectNode body = Json.object().put("model", "auto").put("intent", intent);
        body.putArray("messages").addObject().put("role", "user").put("content", text);
        return Json.writeString(body);
    }
}
