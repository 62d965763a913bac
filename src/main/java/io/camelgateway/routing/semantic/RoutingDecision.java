package io.camelgateway.routing.semantic;

import java.util.Map;
import java.util.Set;

/**
 * Where the semantic router sent a prompt and why: the intent, the tier that decided (keyword, embedding,
 * default), and what each tier saw, so a user can see why a prompt went where it went.
 *
 * @param keywordMatches  the intents whose keyword rules matched (one decides; several conflict)
 * @param embeddingScores each intent's tier-2 score, best first; empty when tier 2 did not run
 */
public record RoutingDecision(String intent, String tier, String routedText, Set<String> keywordMatches,
                              Map<String, Double> embeddingScores, double minScore, double minMargin) {
}
