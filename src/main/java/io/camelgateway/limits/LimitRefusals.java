package io.camelgateway.limits;

import java.time.Instant;

import io.camelgateway.api.GatewayException;

/**
 * The 429s of rate limits and budgets, in OpenAI's error shape. Each names the limit (the caller's key, their own
 * team, or the model they asked for) and when to try again; never another team or caller.
 */
final class LimitRefusals {
    static final String RATE_LIMIT = "rate_limit_exceeded";
    static final String BUDGET = "budget_exceeded";

    private LimitRefusals() {
    }

    static GatewayException rate(Scope scope, String what, int limit, long retryNanos) {
        long seconds = Math.max(1, (retryNanos + 999_999_999L) / 1_000_000_000L);
        return new GatewayException(429, "tokens".equals(what) ? "tokens" : "requests", RATE_LIMIT, null,
                "Rate limit reached for " + scope.toCaller() + ": " + limit + " " + describe(what)
                        + ". Try again in " + seconds + " s.", Long.toString(seconds), null);
    }

    /** The request's estimated tokens alone pass the scope's tokens per minute: waiting would not help. */
    static GatewayException tooLarge(Scope scope, long estimate, int limit) {
        return new GatewayException(429, "tokens", RATE_LIMIT, "max_tokens", "Request too large for "
                + scope.toCaller() + ": about " + estimate + " tokens (prompt and max_tokens), over its limit of "
                + limit + " tokens per minute. Send a shorter prompt or a smaller max_tokens.", null, null);
    }

    static GatewayException budget(Scope scope, Budget budget, Instant resetsAt) {
        String when = resetsAt == null ? "It does not reset (a total budget)." : "It resets at " + resetsAt + ".";
        String retryAfter = resetsAt == null ? null
                : Long.toString(Math.max(1, resetsAt.getEpochSecond() - Instant.now().getEpochSecond()));
        return new GatewayException(429, "insufficient_quota", BUDGET, null, "The " + period(budget.period())
                + " budget of " + scope.toCaller() + " (" + budget.usd() + " USD) is spent, or this request could "
                + "pass it. " + when, retryAfter, null);
    }

    private static String describe(String what) {
        return switch (what) {
            case "tokens" -> "tokens per minute";
            case "concurrent" -> "requests at once";
            default -> "requests per minute";
        };
    }

    private static String period(BudgetPeriod period) {
        return switch (period) {
            case DAY -> "daily";
            case MONTH -> "monthly";
            case TOTAL -> "total";
        };
    }
}
