package io.camelgateway.policy;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** docs/guardrails.md's policy example loads as written, and gives each team the mode the text says. */
class GuardrailsGuideTest {

    @Test
    void promptInjectionPolicyExampleLoadsAsWritten() throws Exception {
        List<String> examples = GuideExamples.policyBlocks("docs/guardrails.md", "## Prompt injection", "### Try it");
        assertEquals(1, examples.size());
        Policy policy = PolicySource.from(SecurityGuideTest.withEmbeddedConfig(examples.get(0))).get();

        assertEquals("flag", policy.teams().get("everyone").guardrailMode("promptInjection"));
        assertEquals("block", policy.teams().get("agents").guardrailMode("promptInjection"));
        assertEquals("off", policy.teams().get("internal-tools").guardrailMode("promptInjection"));
    }
}
