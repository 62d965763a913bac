package io.camelgateway.policy;

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
import io.camelgateway.guardrail.pii.AnswerMode;
import io.camelgateway.guardrail.pii.PiiMode;
import io.camelgateway.guardrail.pii.PiiSettings;
import io.camelgateway.guardrail.pii.PrivateModels;
import io.camelgateway.routing.ModelCatalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/guardrails.md's examples load as written, and give each team the mode the text says. */
class GuardrailsGuideTest {

    @Test
    void oneGuardrailsMapSetsBothGuardrailsModes() throws Exception {
        List<String> examples = GuideExamples.policyBlocks("docs/guardrails.md", "# Guardrails", "## Prompt injection");
        assertEquals(1, examples.size());
        Policy policy = PolicySource.from(SecurityGuideTest.withEmbeddedConfig(examples.get(0))).get();

        assertEquals("block", policy.teams().get("support").guardrailMode("promptInjection"));
        assertEquals("redact", policy.teams().get("support").guardrailMode("pii"));
    }

    @Test
    void promptInjectionPolicyExampleLoadsAsWritten() throws Exception {
        List<String> examples = GuideExamples.policyBlocks("docs/guardrails.md", "## Prompt injection", "### Try it");
        assertEquals(1, examples.size());
        Policy policy = PolicySource.from(SecurityGuideTest.withEmbeddedConfig(examples.get(0))).get();

        assertEquals("flag", policy.teams().get("everyone").guardrailMode("promptInjection"));
        assertEquals("block", policy.teams().get("agents").guardrailMode("promptInjection"));
        assertEquals("off", policy.teams().get("internal-tools").guardrailMode("promptInjection"));
    }

    @Test
    void piiGatewayYamlExampleGivesTheModesAndPrivateModelItDescribes() throws Exception {
        String guide = Files.readString(Path.of("docs/guardrails.md"));
        Matcher block = Pattern.compile("```yaml\n(# gateway.yaml\n.*?)```", Pattern.DOTALL)
                .matcher(guide.substring(guide.indexOf("## PII")));
        assertTrue(block.find(), "the PII section's gateway.yaml example");
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
        assertEquals("redact", policy.teams().get("support").guardrailMode("pii"));
        assertEquals("route", policy.teams().get("finance").guardrailMode("pii"));
        assertEquals("block", policy.teams().get("partners").guardrailMode("pii"));
    }
}
