package io.camelgateway.policy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.camelgateway.api.GatewayException;
import io.camelgateway.config.GatewayConfig;
import io.camelgateway.config.GatewayConfigLoader;
import io.camelgateway.security.CallerIdentity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A policy block is read whole and checked; its rules place callers as the docs say. */
class PolicyReaderTest {
    private static final String PROVIDERS = """
            providers:
              anthropic: {format: anthropic, baseUrl: "http://127.0.0.1:1", credential: env:GATEWAY_ANTHROPIC}
            """;

    private static Policy read(String policy) throws Exception {
        GatewayConfig config = new GatewayConfigLoader(name -> "ALICE".equals(name) ? "alice" : null).parse(
                new ByteArrayInputStream((PROVIDERS + policy).getBytes(StandardCharsets.UTF_8)), "gateway.yaml");
        return PolicySource.from(config).get();
    }

    private static String error(String policy) {
        return assertThrows(IllegalArgumentException.class, () -> read(policy)).getMessage();
    }

    @Test
    void withoutAPolicyBlockNothingIsEnforced() throws Exception {
        assertSame(Policy.NONE, read(""));
        assertFalse(read("").enforced());
    }

    @Test
    void firstMatchingRulePlacesTheCallerAndACredentialsOwnTeamWins() throws Exception {
        Policy policy = read("""
                policy:
                  defaultTeam: everyone
                  rules:
                    - team: research
                      when: {caller: ["${ALICE}"]}
                    - team: support
                      when: {claim: {groups: [support, helpdesk]}, caller: [bob]}
                    - team: research
                      when: {claim: {groups: research}}
                  teams:
                    research: {}
                    support: {}
                    everyone: {}
                """);
        assertEquals("research", policy.teamOf(new CallerIdentity("alice")).name());
        assertEquals("support", policy.teamOf(caller("bob", null, Map.of("groups", List.of("x", "helpdesk"))))
                .name());
        assertEquals("research", policy.teamOf(caller("carol", null, Map.of("groups", List.of("research"))))
                .name(), "every condition of a rule must hold: carol is not bob");
        assertEquals("everyone", policy.teamOf(new CallerIdentity("dave")).name());
        assertEquals("support", policy.teamOf(caller("alice", "support", Map.of())).name());
    }

    @Test
    void oneGuardrailsMapGivesEachGuardrailItsModeAndABareOffIsOff() throws Exception {
        Policy policy = read("""
                policy:
                  teams:
                    support: {guardrails: {promptInjection: block, pii: redact}}
                    internal: {guardrails: {promptInjection: off, pii: off}}
                """);
        TeamPolicy support = policy.teams().get("support");
        assertEquals("block", support.guardrailMode("promptInjection"));
        assertEquals("redact", support.guardrailMode("pii"));
        TeamPolicy internal = policy.teams().get("internal");
        assertEquals("off", internal.guardrailMode("promptInjection"));
        assertEquals("off", internal.guardrailMode("pii"));

        assertTrue(error("""
                policy:
                  teams:
                    support: {guardrails: {pii: flag}}
                """).contains("guardrails.pii: 'flag' is not one of"));
        assertTrue(error("""
                policy:
                  teams:
                    support: {guardrails: {guards: redact}}
                """).contains("guardrails.guards: not a guardrail"));
    }

    @Test
    void callerNoRulePlacesIsRefusedWithoutADefaultTeam() throws Exception {
        Policy policy = read("""
                policy:
                  teams:
                    research: {}
                """);
        GatewayException refused = assertThrows(GatewayException.class,
                () -> policy.teamOf(new CallerIdentity("eve")));
        assertEquals(403, refused.status());
        assertEquals("no_team", refused.code());
        assertEquals("no_team", assertThrows(GatewayException.class,
                () -> policy.teamOf(caller("eve", "ghosts", Map.of()))).code());
    }

    @Test
    void absentListsAllowEverythingAndExplicitOnesRestrict() throws Exception {
        TeamPolicy open = read("policy:\n  teams:\n    open: {}\n").teams().get("open");
        assertTrue(open.models().matches("anything/at-all"));
        assertTrue(open.mayCall("embeddings"));
        assertTrue(open.mayRouteTo("code"));
        assertFalse(open.defaultCredentials(), "the gateway's own keys only where the policy says so");

        TeamPolicy narrow = read("""
                policy:
                  teams:
                    narrow: {models: ["openai/gpt-4o*", auto], endpoints: [chat], intents: [code]}
                """).teams().get("narrow");
        assertTrue(narrow.models().matches("openai/gpt-4o-mini"));
        assertTrue(narrow.models().matches("auto"));
        assertFalse(narrow.models().matches("openai/o3"));
        assertFalse(narrow.models().matches("autox"));
        assertFalse(narrow.mayCall("models"));
        assertFalse(narrow.mayRouteTo("math"));
    }

    @Test
    void mistakesAreRefusedNamingTheirPlace() {
        assertTrue(error("policy:\n  rules: []\n").contains("policy.teams: define at least one team"));
        assertTrue(error("""
                policy:
                  rules: [{team: nobody, when: {caller: [a]}}]
                  teams: {research: {}}
                """).contains("policy.rules[0].team: 'nobody' is not one of the teams"));
        assertTrue(error("""
                policy:
                  rules: [{team: research}]
                  teams: {research: {}}
                """).contains("policy.rules[0].when:"));
        assertTrue(error("policy:\n  defaultTeam: x\n  teams: {research: {}}\n").contains("policy.defaultTeam"));
        assertTrue(error("policy:\n  teams: {research: {endpoints: [chat, admin]}}\n")
                .contains("policy.teams.research.endpoints: 'admin' is not one of"));
        assertTrue(error("policy:\n  teams: {research: {maxTokens: 0}}\n").contains("maxTokens"));
        assertTrue(error("policy:\n  teams: {research: {credentials: {openai: env:X}}}\n")
                .contains("policy.teams.research.credentials.openai: no provider of that name"));
    }

    @Test
    void aKeyWrittenIntoThePolicyIsRefusedAndNotEchoed() {
        String message = error("policy:\n  teams: {research: {credentials: {anthropic: sk-ant-literal}}}\n");
        assertTrue(message.contains("must be a reference"), message);
        assertFalse(message.contains("sk-ant-literal"), message);
    }

    private static CallerIdentity caller(String name, String team, Map<String, List<String>> attributes) {
        return new CallerIdentity(name, "jwt", team, Set.of(), attributes);
    }
}
