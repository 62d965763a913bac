package io.camelgateway.routing.semantic;

import java.time.Duration;
import java.util.regex.Pattern;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Routing decisions by the routed text, so a prompt seen before skips the model. Bounded by entries and by age,
 * and only texts up to {@code maxChars} are kept (a long prompt is rarely sent twice, and the key holds it whole).
 * One cache belongs to one set of intents: a reloaded intents file builds a new router and with it an empty cache.
 */
final class DecisionCache {
    /** Line breaks in any convention, and white space at the ends of lines: nothing the tiers read. */
    private static final Pattern LINE_END = Pattern.compile("[ \\t\\x0B\\f]*(\\r\\n|\\r|\\n)");

    /**
     * @param maxEntries decisions kept, at most (0 turns the cache off)
     * @param ttl        how long a decision is kept after it was made
     * @param maxChars   texts longer than this are not kept
     */
    record Settings(long maxEntries, Duration ttl, int maxChars) {
        static final Settings OFF = new Settings(0, Duration.ZERO, 0);
    }

    private final Cache<String, RoutingDecision> decisions;
    private final int maxChars;

    DecisionCache(Settings settings) {
        this.decisions = Caffeine.newBuilder()
                .maximumSize(settings.maxEntries())
                .expireAfterWrite(settings.ttl())
                .executor(Runnable::run) // evictions on the caller: no common-pool thread to wait for on 2 cores
                .build();
        this.maxChars = settings.maxChars();
    }

    /** The text as it is routed and cached: one line-break convention, no white space at the ends of lines. */
    static String normalised(String text) {
        return LINE_END.matcher(text).replaceAll("\n").strip();
    }

    /** The decision made before for this normalised text, or null. */
    RoutingDecision find(String text) {
        return text.length() > maxChars ? null : decisions.getIfPresent(text);
    }

    void keep(String text, RoutingDecision decision) {
        if (text.length() <= maxChars) {
            decisions.put(text, decision);
        }
    }
}
