package io.camelgateway.routing.semantic;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.camelgateway.api.ChatMessage;
import io.camelgateway.api.ChatRequest;

/**
 * Decides a chat request's intent, cheapest tier first: one keyword rule match decides; otherwise the embedding
 * scores decide when the best is high enough and clear of the runner-up; otherwise the default intent.
 * The last user message is what is routed: in a conversation, the newest question says what is wanted now.
 */
public final class SemanticRouter {
    public static final String KEYWORD = "keyword";
    public static final String EMBEDDING = "embedding";
    public static final String DEFAULT = "default";

    /** Defaults of the thresholds and the fallback intent, until a calibration sets them from labelled prompts. */
    public static final String DEFAULT_INTENT = "general_chat";
    public static final double DEFAULT_MIN_SCORE = 0.30;
    public static final double DEFAULT_MIN_MARGIN = 0.03;

    private final KeywordMatcher keywords;
    private final EmbeddingMatcher embeddings;
    private final String defaultIntent;
    private final double minScore;
    private final double minMargin;

    public SemanticRouter(KeywordMatcher keywords, EmbeddingMatcher embeddings, String defaultIntent,
                          double minScore, double minMargin) {
        this.keywords = keywords;
        this.embeddings = embeddings;
        this.defaultIntent = defaultIntent;
        this.minScore = minScore;
        this.minMargin = minMargin;
    }

    /** Blocks for tier 2 (a few to tens of milliseconds of CPU): never call it on an event loop. */
    public RoutingDecision decide(ChatRequest request) {
        String text = lastUserText(request.messages);
        if (text.isBlank()) {
            return new RoutingDecision(defaultIntent, DEFAULT, text, Set.of(), Map.of(), minScore, minMargin);
        }
        Set<String> matched = keywords.matches(text);
        if (matched.size() == 1) {
            return new RoutingDecision(matched.iterator().next(), KEYWORD, text, matched, Map.of(), minScore,
                    minMargin);
        }
        Map<String, Double> scores = embeddings.scores(text);
        List<Map.Entry<String, Double>> ranked = List.copyOf(scores.entrySet());
        double best = ranked.get(0).getValue();
        double second = ranked.size() > 1 ? ranked.get(1).getValue() : 0;
        boolean confident = best >= minScore && best - second >= minMargin;
        return new RoutingDecision(confident ? ranked.get(0).getKey() : defaultIntent,
                confident ? EMBEDDING : DEFAULT, text, matched, scores, minScore, minMargin);
    }

    /** The text of the newest user message; image-only or empty content gives "". */
    static String lastUserText(List<ChatMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            ChatMessage message = messages.get(i);
            if ("user".equals(message.role)) {
                return message.text() == null ? "" : message.text().trim();
            }
        }
        return "";
    }
}
