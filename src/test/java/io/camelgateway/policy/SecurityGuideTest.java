package io.camelgateway.policy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.camelgateway.api.GatewayException;
import io.camelgateway.api.ProviderFaultException;
import io.camelgateway.config.GatewayConfig;
import io.camelgateway.config.GatewayConfigLoader;
import io.camelgateway.credentials.CredentialStore;
import io.camelgateway.routing.ModelCatalog;
import io.camelgateway.security.CallerIdentity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/security.md's policy examples load with the embedded gateway.yaml and decide as the text says. */
class SecurityGuideTest {

    @Test
    void policyExamplesLoadAsWritten() throws Exception {
        List<String> examples = policyExamples();
        assertEquals(2, examples.size(), "Teams and policy, Per-team provider credentials");
        for (String example : examples) {
            assertTrue(PolicySource.from(withEmbeddedConfig(example)).get().enforced(), example);
        }
    }

    @Test
    void teamsExamplePlacesCallersAndChoosesCredentialsAsDescribed() throws Exception {
        GatewayConfig config = withEmbeddedConfig(policyExamples().get(0));
        ModelAccess access = new ModelAccess(PolicySource.from(config), new ModelCatalog(config, List.of(), Set::of),
                config.aliases(), new CredentialStore(name -> null));
        Policy policy = access.policy();

        TeamPolicy research = policy.teamOf(new CallerIdentity("alice"));
        assertEquals("research", research.name());
        assertEquals("research", policy.teamOf(new CallerIdentity("carol", "jwt", null, Set.of(),
                Map.of("groups", List.of("research")))).name());
        assertEquals("everyone", policy.teamOf(new CallerIdentity("dave")).name());

        assertTrue(access.whyNot(research, "claude-sonnet").isEmpty());
        assertTrue(access.whyNot(research, "anthropic/claude-sonnet-4-5").isEmpty(), "an alias allows its model");
        assertTrue(access.whyNot(research, "gemini-flash").isPresent());
        assertEquals("env:RESEARCH_ANTHROPIC_KEY", access.credentialReference(research,
                config.providers().get("anthropic")));
        assertEquals("env:OPENAI_API_KEY", access.credentialReference(research, config.providers().get("openai")),
                "defaultCredentials: true");
    }

    @Test
    void credentialsExampleNeverFallsBackToTheGatewaysKey() throws Exception {
        GatewayConfig config = withEmbeddedConfig(policyExamples().get(1));
        ModelAccess access = new ModelAccess(PolicySource.from(config), new ModelCatalog(config, List.of(), Set::of),
                config.aliases(), new CredentialStore(name -> null));
        TeamPolicy research = access.policy().teamOf(new CallerIdentity("alice"));

        assertTrue(access.whyNot(research, "openai/gpt-4o").isEmpty());
        assertTrue(access.whyNot(research, "gemini-flash").orElseThrow().contains("no credential"));
        assertTrue(access.whyNot(research, "private/llama3.2").isEmpty(), "a provider that takes no key");

        CallerIdentity alice = new CallerIdentity("alice");
        ModelCatalog catalog = new ModelCatalog(config, List.of(), Set::of);
        GatewayException gemini = assertThrows(GatewayException.class,
                () -> access.credential(alice, catalog.resolve("gemini-flash"), "gemini-flash"));
        assertEquals(403, gemini.status(), "the gateway's GEMINI_API_KEY is never used for research instead");
        assertEquals("model_not_allowed", gemini.code());
        ProviderFaultException unset = assertThrows(ProviderFaultException.class,
                () -> access.credential(alice, catalog.resolve("claude-sonnet"), "claude-sonnet"));
        assertEquals("provider_not_configured", unset.code());
        assertTrue(unset.getMessage().contains("RESEARCH_ANTHROPIC_KEY"), unset.getMessage());
    }

    private static List<String> policyExamples() throws Exception {
        return GuideExamples.policyBlocks("docs/security.md", "## Teams and policy", "## Credentials from");
    }

    static GatewayConfig withEmbeddedConfig(String policy) throws Exception {
        String embedded;
        try (InputStream in = SecurityGuideTest.class.getClassLoader().getResourceAsStream("gateway.yaml")) {
            embedded = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return new GatewayConfigLoader(name -> null).parse(new ByteArrayInputStream((embedded + "\n" + policy)
                .getBytes(StandardCharsets.UTF_8)), "gateway.yaml");
    }
}
