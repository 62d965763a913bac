package io.camelgateway.limits;

/**
 * A spending limit in USD over a period.
 *
 * @param hard   a hard budget refuses new requests once their most they can cost would pass it; a soft one only
 *               alerts when the spend crosses it
 * @param notifyUri a Camel endpoint URI told of a crossing (soft or hard), or null
 */
public record Budget(double usd, BudgetPeriod period, boolean hard, String notifyUri) {
}
