package io.camelgateway.config;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.camelgateway.provider.ProviderTranslators;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Bedrock and Vertex examples of docs/providers.md load as written, and call the endpoints they describe. */
class CloudProvidersGuideTest {
    private static final Pattern PROVIDERS_BLOCK = Pattern.compile("```yaml\\n(providers:.*?)```", Pattern.DOTALL);

    private static Map<String, ProviderConfig> example(String fromHeading, String toHeading) throws Exception {
        String guide = Files.readString(Path.of("docs/providers.md"));
        String section = guide.substring(guide.indexOf(fromHeading), guide.indexOf(toHeading));
        Matcher m = PROVIDERS_BLOCK.matcher(section);
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        assertEquals(1, blocks.size(), "one providers: example in " + fromHeading);
        return new GatewayConfigLoader(name -> null).parse(new ByteArrayInputStream(
                blocks.get(0).getBytes(StandardCharsets.UTF_8)), "providers.md").providers();
    }

    @Test
    void theBedrockExampleSignsForItsRegionAtAwsEndpoint() throws Exception {
        ProviderConfig bedrock = example("## AWS Bedrock", "## Vertex AI").get("bedrock");

        assertEquals("us-east-1", bedrock.region());
        assertEquals("https://bedrock-runtime.us-east-1.amazonaws.com", bedrock.base());
        assertEquals("file:/etc/gateway/bedrock.json", bedrock.credential());
        ProviderTranslators.forFormat(bedrock.format());
    }

    @Test
    void theVertexExampleCallsItsProjectsRegionalEndpoint() throws Exception {
        ProviderConfig vertex = example("## Vertex AI", "## Errors from providers").get("vertex");

        assertEquals("https://us-central1-aiplatform.googleapis.com", vertex.base());
        assertEquals("my-gcp-project", vertex.project());
        assertEquals("us-central1", vertex.region());
    }
}
