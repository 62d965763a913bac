package io.camelgateway.provider;

import java.util.Map;

import io.camelgateway.provider.anthropic.AnthropicTranslator;
import io.camelgateway.provider.bedrock.BedrockTranslator;
import io.camelgateway.provider.gemini.GeminiTranslator;
import io.camelgateway.provider.openai.AzureOpenAiTranslator;
import io.camelgateway.provider.openai.OpenAiTranslator;
import io.camelgateway.provider.vertex.VertexTranslator;

/** The translator for each wire format a provider may speak. */
public final class ProviderTranslators {
    private static final Map<String, ProviderTranslator> BY_FORMAT = Map.of(
            "openai", new OpenAiTranslator(),
            "azure", new AzureOpenAiTranslator(),
            "anthropic", new AnthropicTranslator(),
            "gemini", new GeminiTranslator(),
            "bedrock", new BedrockTranslator(),
            "vertex", new VertexTranslator());

    private ProviderTranslators() {
    }

    public static ProviderTranslator forFormat(String format) {
        ProviderTranslator translator = BY_FORMAT.get(format);
        if (translator == null) {
            throw new IllegalArgumentException("No translator for the wire format '" + format + "'");
        }
        return translator;
    }
}
