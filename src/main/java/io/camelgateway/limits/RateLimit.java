package io.camelgateway.limits;

/**
 * One scope's rate limits; each is null when the scope has none of that kind.
 *
 * @param requestsPerMinute  requests admitted per minute
 * @param tokensPerMinute    prompt and answer tokens per minute: admitted on an estimate, corrected when the answer
 *                           ends
 * @param concurrentRequests requests under way at once (a stream until its last chunk)
 */
public record RateLimit(Integer requestsPerMinute, Integer tokensPerMinute, Integer concurrentRequests) {
}
