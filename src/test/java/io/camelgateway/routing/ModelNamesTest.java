package io.camelgateway.routing;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"gpt-4o-mini", "auto", "openai/gpt-4o-2024-08-06", "openai/ft:gpt-4o-mini:acme:tune_1:AbC9",
            "ollama/llama3.1:8b", "vertex/claude-sonnet-4-5@20250929", "together/meta-llama/Llama-3.3-70B-Instruct",
            "bedrock/anthropic.claude-3-5-sonnet-20241022-v2:0", "gemini/models/gemini-2.5-flash", "a..b/c.d"})
    void namesProvidersUseAreAccepted(String name) {
        assertTrue(ModelNames.isValid(name), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "gemini/../x", "gemini/./x", "..", "/gpt-4o", "openai/", "openai//gpt-4o",
            "gemini/%2e%2e/x", "openai/gpt-4o?x=1", "openai/gpt 4o", "openai/gpt-4o\r\nx: 1", "openai/gpt-4o#",
            "openai\\gpt-4o", "openai/gpt-4ö"})
    void namesThatCouldLeaveTheirPlaceAreRefused(String name) {
        assertFalse(ModelNames.isValid(name), name);
    }

    @ParameterizedTest
    @ValueSource(ints = {256, 257})
    void namesAreAtMost256Characters(int length) {
        assertEquals(length <= 256, ModelNames.isValid("m".repeat(length)));
    }
}
