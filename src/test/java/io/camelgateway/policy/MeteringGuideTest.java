package io.camelgateway.policy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.camelgateway.limits.Allowances;
import io.camelgateway.limits.BudgetPeriod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/metering.md's rate-limit and budget examples load as written, and mean what the text says. */
class MeteringGuideTest {

    private static List<String> policyExamples() throws Exception {
        return GuideExamples.policyBlocks("docs/metering.md", "## Rate limits", "## Shared across instances");
    }

    private static Allowances load(String policy) throws Exception {
        return PolicySource.from(SecurityGuideTest.withEmbeddedConfig(policy)).get().allowances();
    }

    @Test
    void rateLimitAndBudgetExamplesLoadAsWritten() throws Exception {
        List<String> examples = policyExamples();
        assertEquals(2, examples.size(), "Rate limits, Budgets");
        Allowances limits = load(examples.get(0));
        assertEquals(60, limits.teams().get("everyone").limits().requestsPerMinute());
        assertNull(limits.teams().get("everyone").limits().tokensPerMinute());
        assertEquals(2, limits.keys().get("batch-job").limits().concurrentRequests());
        assertEquals(500000, limits.models().get("openai/gpt-4o").limits().tokensPerMinute());

        Allowances budgets = load(examples.get(1));
        assertEquals(BudgetPeriod.MONTH, budgets.teams().get("research").budget().period());
        assertTrue(budgets.teams().get("research").budget().hard());
        assertFalse(budgets.teams().get("everyone").budget().hard());
        assertEquals("netty-http:http://alerts.internal:9000/budget",
                budgets.teams().get("everyone").budget().notifyUri());
        assertTrue(budgets.keys().get("batch-job").budget().hard(), "hard unless said otherwise");
        assertEquals(BudgetPeriod.TOTAL, budgets.keys().get("batch-job").budget().period());
    }

    @Test
    void aMistakenLimitOrBudgetIsRefusedSayingWhere() {
        String team = "policy:\n  teams:\n    t:\n      models: [\"*\"]\n";
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> load(team + "      limits: {requestsPerMinute: -5}\n"));
        assertTrue(negative.getMessage().contains("requestsPerMinute"), negative.getMessage());
        IllegalArgumentException week = assertThrows(IllegalArgumentException.class,
                () -> load(team + "      budget: {usd: 5, period: week}\n"));
        assertTrue(week.getMessage().contains("'week' is not one of day, month, total"), week.getMessage());
        IllegalArgumentException noUsd = assertThrows(IllegalArgumentException.class,
                () -> load(team + "      budget: {period: day}\n"));
        assertTrue(noUsd.getMessage().contains("usd"), noUsd.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> load(team + "  keys:\n    alice: {}\n"));
        assertTrue(empty.getMessage().contains("alice"), empty.getMessage());
    }
}
