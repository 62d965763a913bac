package io.camelgateway.limits;

/** What admission tells the metrics and the operators: refusals, and budgets whose spend crossed their limit. */
public interface LimitEvents {
    /** @param limit requests, tokens, concurrent or budget */
    void refused(Scope.Kind scope, String limit);

    /** A budget's settled spend reached its limit (once per crossing); called on the provider client's thread. */
    void budgetCrossed(Scope scope, Budget budget, String period, double spentUsd);
}
