package io.camelgateway.guardrail.injection;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What the injection check found in a request. It names rules and the shipped example that matched, never the
 * caller's text.
 *
 * @param score             the combined score, 0 to 1
 * @param detected          whether the score reached the threshold
 * @param rules             the rules that matched, strongest message's
 * @param ruleScore         what the rules alone give
 * @param similarity        cosine similarity to the nearest attack example; null when the model did not run
 * @param example           that example (from the examples file); null when the model did not run
 * @param benignSimilarity  cosine similarity to the nearest benign example; null when the model did not run
 * @param similarityScore   what the similarity gives, 0 to 1
 * @param message           the index in messages of the strongest evidence, or -1
 * @param scannedMessages   how many messages were read
 * @param partial           true when the caller's text was longer than the gateway reads, and only its newest part
 *                          was scanned
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InjectionVerdict(double score, double threshold, boolean detected, List<String> rules,
                               @JsonProperty("rule_score") double ruleScore, Double similarity, String example,
                               @JsonProperty("benign_similarity") Double benignSimilarity,
                               @JsonProperty("similarity_score") double similarityScore, int message,
                               @JsonProperty("scanned_messages") int scannedMessages, boolean partial) {
}
