package io.camelgateway.routing.semantic;

import java.util.Map;
import java.util.Set;

/**
 * Where the semantic router sent a prompt and why: the intent, the tier that decided (keyword, static, embedding,
 * classifier, default, busy), and what each tier saw, so a user can see why a prompt went where it went.
 *
 * @param routedText       the newest user message, which is what is routed
 * @param request          what tier 2 read as the caller's request: the message without the material pasted with
 *                         it (code, quotes, long paragraphs), or the whole message when none stands apart
 * @param keywordMatches   the intents whose keyword rules matched (one decides; several conflict)
 * @param embeddingScores  each intent's tier-2 score, best first; empty when tier 2 did not run
 * @param threshold        the score tier 2's best intent needed (its own threshold, else minScore)
 * @param classifier       the tier-3 classifier, or "" when none is configured
 * @param classifierScores each intent's tier-3 probability, best first; empty when tier 3 did not run or answer
 * @param classifierNote   why tier 3 gave no answer (timed out, failed, busy), or ""
 */
public record RoutingDecision(String intent, String tier, String routedText, String request,
                              Set<String> keywordMatches,
                              Map<String, Double> embeddingScores, double threshold, double minMargin,
                              String classifier, Map<String, Double> classifierScores, String classifierNote) {
}
