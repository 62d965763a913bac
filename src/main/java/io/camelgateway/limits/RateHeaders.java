package io.camelgateway.limits;

import io.github.bucket4j.ConsumptionProbe;
import org.apache.camel.Message;

/**
 * OpenAI's rate-limit headers for an admitted request: of all the request and token limits that apply to it, the
 * one with the least left. The reset is the time until that limit is whole again, in OpenAI's form (1s, 6m0s).
 */
final class RateHeaders {
    static final String PREFIX = "x-ratelimit-";

    private int requestLimit;
    private long requestsLeft = Long.MAX_VALUE;
    private int tokenLimit;
    private long tokensLeft = Long.MAX_VALUE;

    void requests(Integer limit, ConsumptionProbe probe) {
        if (probe != null && probe.getRemainingTokens() < requestsLeft) {
            requestLimit = limit;
            requestsLeft = probe.getRemainingTokens();
        }
    }

    void tokens(Integer limit, ConsumptionProbe probe) {
        if (probe != null && probe.getRemainingTokens() < tokensLeft) {
            tokenLimit = limit;
            tokensLeft = probe.getRemainingTokens();
        }
    }

    void writeTo(Message message) {
        if (requestsLeft != Long.MAX_VALUE) {
            write(message, "requests", requestLimit, requestsLeft);
        }
        if (tokensLeft != Long.MAX_VALUE) {
            write(message, "tokens", tokenLimit, tokensLeft);
        }
    }

    private static void write(Message message, String kind, int limit, long left) {
        message.setHeader(PREFIX + "limit-" + kind, limit);
        message.setHeader(PREFIX + "remaining-" + kind, Math.max(0, left));
        // Refilled evenly over a minute: whole again after the share of a minute that is missing.
        long millis = Math.max(0, (limit - Math.max(0, left)) * 60_000L / limit);
        message.setHeader(PREFIX + "reset-" + kind, duration(millis));
    }

    /** OpenAI's form: 20ms, 1.5s, 6m0s. */
    static String duration(long millis) {
        if (millis < 1000) {
            return millis + "ms";
        }
        long minutes = millis / 60_000;
        double seconds = (millis % 60_000) / 1000.0;
        String s = seconds == Math.floor(seconds) ? Long.toString((long) seconds) : Double.toString(seconds);
        return minutes > 0 ? minutes + "m" + s + "s" : s + "s";
    }
}
