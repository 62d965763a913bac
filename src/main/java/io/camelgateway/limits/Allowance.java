package io.camelgateway.limits;

/** What one key, team or model may use: its rate limits and its budget, each null when it has none. */
public record Allowance(RateLimit limits, Budget budget) {
}
