package io.camelgateway.cache.semantic;

import java.io.IOException;
import java.time.Clock;
import java.util.Locale;
import java.util.function.Supplier;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.ChatCompletion;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.CompletionReplay;
import io.camelgateway.api.Json;
import io.camelgateway.embedding.SentenceEmbedder;
import io.camelgateway.security.CallerIdentity;

/**
 * Route steps of the semantic cache: {@link #lookup} answers a request from a stored answer to a question that
 * means the same in the same context (the {@link ContextKey}), when the embeddings of the two newest user messages
 * are at least as similar as the route's threshold and the two prompts state the same facts ({@link PromptFacts}:
 * no other city, number, date, negation or language); {@link #store} keeps a whole answer for the next such
 * question. Lookup runs the embedding model, so the route runs it off the Netty event loops.
 */
public class SemanticCache {
    /** Response header: hit, miss, semantic or bypass (the exact cache's values too). */
    public static final String HEADER_CACHE = "x-gateway-cache";
    /** Response header: the similarity of a semantic hit, or of the closest entry in the dry run. */
    public static final String HEADER_SIMILARITY = "x-gateway-cache-similarity";
    /** Response header of the dry run: why the semantic cache would not answer. */
    public static final String HEADER_REASON = "x-gateway-cache-reason";
    /** Exchange property: what a missed lookup embedded, for {@link #store} to keep with the answer. */
    public static final String PENDING = "CamelGatewaySemanticCachePending";
    /** Exchange property: true once the semantic cache answered, so the route skips the provider call. */
    public static final String ANSWERED = "CamelGatewaySemanticCacheAnswered";

    private static final Logger LOG = LoggerFactory.getLogger(SemanticCache.class);

    private final Supplier<SentenceEmbedder> embedder;
    private final SemanticIndex index;
    private final int maxPromptChars;
    private final int maxAnswerBytes;
    private final Clock clock;

    public SemanticCache(Supplier<SentenceEmbedder> embedder, SemanticIndex index, int maxPromptChars,
                         int maxAnswerBytes, Clock clock) {
        this.embedder = embedder;
        this.index = index;
        this.maxPromptChars = maxPromptChars;
        this.maxAnswerBytes = maxAnswerBytes;
        this.clock = clock;
    }

    /** What a lookup found: the hit, if any, the closest entry's similarity, and why it did not answer. */
    public record Verdict(SemanticIndex.Match hit, double closest, String reason) {
    }

    /** A missed lookup's key and embedding, kept until the answer is whole. */
    record Pending(ContextKey key, float[] vector, PromptFacts facts, double threshold) {
    }

    /**
     * Route step: a hit becomes the answer (a stream, replayed, when the caller asked for one), with
     * x-gateway-cache: semantic and the similarity; a miss leaves the request as it is, to be stored once answered.
     *
     * @param threshold the cosine similarity a stored question needs, 0 to 1 (0.8 is measured in docs/cache.md)
     */
    public void lookup(Exchange exchange, double threshold) {
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("The semantic cache's threshold must be over 0 and at most 1, not "
                    + threshold + " (a pool's semanticCache parameter)");
        }
        ChatRequest request = exchange.getMessage().getBody(ChatRequest.class);
        ContextKey key = key(exchange, request);
        Message message = exchange.getMessage();
        if (!key.cacheable()) {
            return;
        }
        float[] vector = embedder.get().embed(key.prompt());
        PromptFacts facts = PromptFacts.of(key.prompt());
        Verdict verdict = search(key, vector, facts, threshold);
        if (verdict.hit() == null) {
            exchange.setProperty(PENDING, new Pending(key, vector, facts, threshold));
            if (message.getHeader(HEADER_CACHE) == null) {
                message.setHeader(HEADER_CACHE, "miss");
            }
            return;
        }
        ChatCompletion answer;
        try {
            answer = Json.read(verdict.hit().entry().answer(), ChatCompletion.class);
        } catch (IOException e) {
            LOG.warn("A semantic cache entry could not be read back; answering from the provider", e);
            return;
        }
        message.setBody(request.streaming() ? CompletionReplay.of(answer, request.wantsUsageInStream()) : answer);
        message.setHeader(HEADER_CACHE, "semantic");
        message.setHeader(HEADER_SIMILARITY, similarity(verdict.hit().similarity()));
        exchange.setProperty(ANSWERED, true);
    }

    /** Route step: keeps a whole answer (every choice finished with stop) for the question a lookup missed. */
    public void store(Exchange exchange) {
        Pending pending = exchange.getProperty(PENDING, Pending.class);
        exchange.removeProperty(PENDING);
        if (pending == null || !(exchange.getMessage().getBody() instanceof ChatCompletion answer)
                || !whole(answer)) {
            return;
        }
        byte[] json = Json.write(answer);
        if (json.length > maxAnswerBytes) {
            return;
        }
        index.put(new SemanticIndex.Entry(pending.key().fingerprint(), pending.vector(), pending.key().prompt(),
                pending.facts(), json, pending.threshold(), clock.millis()));
    }

    /**
     * Dry-run step: says in the x-gateway-cache headers whether the semantic cache would answer this request, with
     * the similarity of the closest stored question, by the threshold of the route that stored it.
     */
    public void explain(Exchange exchange) {
        ChatRequest request = exchange.getMessage().getBody(ChatRequest.class);
        ContextKey key = key(exchange, request);
        Message message = exchange.getMessage();
        if (!key.cacheable()) {
            message.setHeader(HEADER_CACHE, "bypass");
            message.setHeader(HEADER_REASON, key.uncacheable());
            return;
        }
        float[] vector = embedder.get().embed(key.prompt());
        SemanticIndex.Match closest = index.search(key.fingerprint(), vector, 1.1).closest();
        if (closest == null) {
            message.setHeader(HEADER_CACHE, "miss");
            message.setHeader(HEADER_REASON, "no answer is stored in this context");
            return;
        }
        Verdict verdict = search(key, vector, PromptFacts.of(key.prompt()), closest.entry().threshold());
        message.setHeader(HEADER_CACHE, verdict.hit() != null ? "semantic" : "miss");
        message.setHeader(HEADER_SIMILARITY, similarity(verdict.hit() != null ? verdict.hit().similarity()
                : verdict.closest()));
        if (verdict.reason() != null) {
            message.setHeader(HEADER_REASON, verdict.reason());
        }
    }

    /** The closest stored question over the threshold that states the same facts, or why there is none. */
    Verdict search(ContextKey key, float[] vector, PromptFacts facts, double threshold) {
        SemanticIndex.Found found = index.search(key.fingerprint(), vector, threshold);
        if (found.closest() == null) {
            return new Verdict(null, Double.NaN, "no answer is stored in this context");
        }
        for (SemanticIndex.Match match : found.matches()) {
            if (facts.differenceFrom(match.entry().facts()) == null) {
                return new Verdict(match, found.closest().similarity(), null);
            }
        }
        if (found.matches().isEmpty()) {
            return new Verdict(null, found.closest().similarity(),
                    "the closest stored question's similarity is under " + threshold);
        }
        return new Verdict(null, found.closest().similarity(), "near miss: the closest stored question names another "
                + facts.differenceFrom(found.matches().get(0).entry().facts()));
    }

    public SemanticIndex index() {
        return index;
    }

    private ContextKey key(Exchange exchange, ChatRequest request) {
        if (request == null) {
            return ContextKey.of(new ChatRequest(), "", "", maxPromptChars);
        }
        String target = exchange.getProperty(GatewayConstants.ROUTED_MODEL, request.model, String.class);
        return ContextKey.of(request, target == null ? "" : target, tenant(exchange), maxPromptChars);
    }

    /** The exact cache's scope: the caller's team, else the caller's key. */
    private static String tenant(Exchange exchange) {
        CallerIdentity caller = exchange.getProperty(GatewayConstants.CALLER, CallerIdentity.class);
        if (caller == null) {
            return "anonymous";
        }
        return caller.team() != null ? "team:" + caller.team() : "key:" + caller.name();
    }

    private static boolean whole(ChatCompletion answer) {
        if (answer.choices == null || answer.choices.isEmpty()) {
            return false;
        }
        return answer.choices.stream().allMatch(choice -> "stop".equals(choice.finishReason));
    }

    private static String similarity(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
