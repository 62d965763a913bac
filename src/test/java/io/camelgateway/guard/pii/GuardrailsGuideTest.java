package io.camelgateway.guard.pii;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.camelgateway.config.GatewayConfig;
import io.camelgateway.config.GatewayConfigLoader;
import io.camelgateway.policy.Policy;
import io.camelgateway.policy.PolicySource;
import io.camelgateway.routing.ModelCatalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gateway.yaml example of docs/guardrails.md's PII section reads as the guide says. */
class GuardrailsGuideTest {
    @Test
    void theGuidesConfigurationGivesTheModesItDescribes() throws Exception {
        String guide = Files.readString(Path.of("docs/guardrails.md"));
        Matcher block = Pattern.compile("```yaml\n(# gateway.yaml\n.*?)```", Pattern.DOTALL).matcher(guide);
        assertTrue(block.find(), "the guide's gateway.yaml example");
        GatewayConfig config = new GatewayConfigLoader(name -> null).parse(
                new ByteArrayInputStream(block.group(1).getBytes(StandardCharsets.UTF_8)), "docs/guardrails.md");

        PiiSettings settings = PiiSettings.read(config.root().section("guardrails").section("pii"));
        assertEquals(PiiMode.OFF, settings.mode());
        assertEquals(AnswerMode.OFF, settings.answers());
        assertEquals("private/llama3.2", settings.privateModel());
        PrivateModels privateModels = new PrivateModels(config, new ModelCatalog(config, List.of(), List::of));
        assertTrue(privateModels.isPrivate("private/llama3.2"));
        assertFalse(privateModels.isPrivate("openai/gpt-4o"));
        Policy policy = PolicySource.from(config).get();
        assertEquals("redact", policy.teams().get("support").guardrail("pii"));
        assertEquals("route", policy.teams().get("finance").guardrail("pii"));
        assertEquals("block", policy.teams().get("partners").guardrail("pii"));
    }
}
