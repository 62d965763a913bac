package io.camelgateway.limits;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The policy's rate limits and budgets as the admin API shows them: as written, each budget with what its current
 * period has settled so far (in this process, or in Redis when it is shared).
 */
public final class AllowanceReport {
    private final BudgetLedger ledger;

    public AllowanceReport(BudgetLedger ledger) {
        this.ledger = ledger;
    }

    /** The allowances of one kind of scope (key, team or model), by name. */
    public Map<String, Object> describe(Scope.Kind kind, Map<String, Allowance> allowances) {
        Map<String, Object> described = new LinkedHashMap<>();
        allowances.forEach((name, allowance) -> described.put(name, describe(new Scope(kind, name), allowance)));
        return described;
    }

    public Map<String, Object> describe(Scope scope, Allowance allowance) {
        Map<String, Object> described = new LinkedHashMap<>();
        RateLimit limits = allowance.limits();
        if (limits != null) {
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("requestsPerMinute", limits.requestsPerMinute());
            shown.put("tokensPerMinute", limits.tokensPerMinute());
            shown.put("concurrentRequests", limits.concurrentRequests());
            described.put("limits", shown);
        }
        Budget budget = allowance.budget();
        if (budget != null) {
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("usd", budget.usd());
            shown.put("period", budget.period().name().toLowerCase(Locale.ROOT));
            shown.put("hard", budget.hard());
            shown.put("notify", budget.notifyUri());
            shown.put("spentUsd", ledger.spentUsd(scope, budget));
            described.put("budget", shown);
        }
        return described;
    }
}
