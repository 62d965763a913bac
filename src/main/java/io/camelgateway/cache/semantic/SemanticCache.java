package io.camelgateway.cache.semantic;

import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.ChatCompletion;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.ChatStream;
import io.camelgateway.api.CompletionReplay;
import io.camelgateway.api.Json;
import io.camelgateway.cache.CacheMeters;
import io.camelgateway.cache.StreamTranscript;
import io.camelgateway.embedding.SentenceEmbedder;
import io.camelgateway.metering.RequestRecord;
import io.camelgateway.metering.UsageHeaders;
import io.camelgateway.routing.DryRunAnswer;
import io.camelgateway.security.CallerIdentity;

/**
 * Route steps of the semantic cache: {@link #lookup} answers a request from a stored answer to a question that
 * means the same in the same context (the {@link ContextKey}), when the embeddings of the two newest user messages
 * are at least as similar as the route's threshold and the two prompts state the same facts ({@link PromptFacts}:
 * no other city, number, date, negation or language); {@link #store} keeps a whole answer for the next such
 * question. Lookup runs the embedding model, so the route runs it off the Netty event loops.
 */
public class SemanticCache {
    /** Response header: the similarity of a semantic hit. */
    public static final String HEADER_SIMILARITY = "x-gateway-cache-similarity";
    /** Exchange property: what a missed lookup embedded, for {@link #store} to keep with the answer. */
    public static final String PENDING = "CamelGatewaySemanticCachePending";
    public static final String SEMANTIC = "semantic";

    private static final Logger LOG = LoggerFactory.getLogger(SemanticCache.class);

    private final Supplier<SentenceEmbedder> embedder;
    private final SemanticIndex index;
    private final int maxPromptChars;
    private final int maxAnswerBytes;
    private final Clock clock;
    private final Function<Exchange, String> scope;
    private final CacheMeters meters;

    /**
     * @param scope  whose answers a request may get, as the exact cache scopes them (the caller's team, a policy's
     *               shared cacheScope, else their key); null for no caller, which is not cached
     * @param meters gateway_cache_* with cache="semantic"
     */
    public SemanticCache(Supplier<SentenceEmbedder> embedder, SemanticIndex index, int maxPromptChars,
                         int maxAnswerBytes, Clock clock, Function<Exchange, String> scope, CacheMeters meters) {
        this.embedder = embedder;
        this.index = index;
        this.maxPromptChars = maxPromptChars;
        this.maxAnswerBytes = maxAnswerBytes;
        this.clock = clock;
        this.scope = scope;
        this.meters = meters;
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
            meters.miss();
            if (message.getHeader(GatewayConstants.HEADER_CACHE) == null) {
                message.setHeader(GatewayConstants.HEADER_CACHE, "miss");
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
        message.setHeader(GatewayConstants.HEADER_CACHE, SEMANTIC);
        message.setHeader(HEADER_SIMILARITY, similarity(verdict.hit().similarity()));
        message.setHeader(GatewayConstants.HEADER_COST, UsageHeaders.usd(0));
        // the flow calls no provider, and the exact cache's store keeps nothing
        exchange.setProperty(GatewayConstants.ANSWERED, true);
        double savedUsd = verdict.hit().entry().costUsd();
        RequestRecord record = exchange.getProperty(GatewayConstants.REQUEST_RECORD, RequestRecord.class);
        if (record != null) {
            record.cache(SEMANTIC, savedUsd);
        }
        CallerIdentity caller = exchange.getProperty(GatewayConstants.CALLER, CallerIdentity.class);
        meters.hit(caller == null || caller.team() == null ? "none" : caller.team(), savedUsd);
    }

    /**
     * Route step: keeps a whole answer (every choice finished with stop) for the question a lookup missed: a plain
     * answer at once, a stream once it has ended whole, put together as it passed.
     */
    public void store(Exchange exchange) {
        Pending pending = exchange.getProperty(PENDING, Pending.class);
        exchange.removeProperty(PENDING);
        RequestRecord record = exchange.getProperty(GatewayConstants.REQUEST_RECORD, RequestRecord.class);
        Object body = exchange.getMessage().getBody();
        if (pending == null) {
            return;
        }
        ChatCompletion plain = ChatCompletion.of(body);
        if (plain != null) {
            keep(pending, plain, record == null ? 0 : record.costUsd());
        } else if (body instanceof ChatStream stream && record != null) {
            StreamTranscript.keepWhenWhole(stream, record, maxAnswerBytes, meters,
                    (answer, costUsd) -> keep(pending, answer, costUsd));
        }
    }

    private void keep(Pending pending, ChatCompletion answer, double costUsd) {
        if (!whole(answer)) {
            return;
        }
        byte[] json = Json.write(answer);
        if (json.length > maxAnswerBytes) {
            meters.notStored("too_large");
            return;
        }
        index.put(new SemanticIndex.Entry(pending.key().fingerprint(), pending.vector(), pending.key().prompt(),
                pending.facts(), json, pending.threshold(), costUsd, clock.millis()));
    }

    /**
     * Dry-run step, after the routing's: adds {@code "semanticCache"} to the answer: whether the semantic cache would
     * answer this request (status semantic, miss or bypass), the similarity of the closest question kept in its
     * context, the threshold of the route that kept it, and why not.
     */
    public void explain(Exchange exchange) {
        ChatRequest request = exchange.getProperty(GatewayConstants.DRY_RUN_REQUEST, ChatRequest.class);
        ContextKey key = key(exchange, request);
        Map<String, Object> said = new LinkedHashMap<>();
        if (!key.cacheable()) {
            said.put("status", "bypass");
            said.put("why", key.uncacheable());
            DryRunAnswer.add(exchange, "semanticCache", said);
            return;
        }
        float[] vector = embedder.get().embed(key.prompt());
        SemanticIndex.Match closest = index.search(key.fingerprint(), vector, 1.1).closest();
        if (closest == null) {
            said.put("status", "miss");
            said.put("why", "no answer is kept in this context");
            DryRunAnswer.add(exchange, "semanticCache", said);
            return;
        }
        double threshold = closest.entry().threshold();
        Verdict verdict = search(key, vector, PromptFacts.of(key.prompt()), threshold);
        said.put("status", verdict.hit() != null ? SEMANTIC : "miss");
        said.put("similarity", Double.parseDouble(similarity(verdict.hit() != null ? verdict.hit().similarity()
                : verdict.closest())));
        said.put("threshold", threshold);
        if (verdict.reason() != null) {
            said.put("why", verdict.reason());
        }
        DryRunAnswer.add(exchange, "semanticCache", said);
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
        String tenant = scope.apply(exchange);
        if (request == null || tenant == null) {
            return ContextKey.of(new ChatRequest(), "", "", maxPromptChars); // not cacheable: no messages
        }
        String target = exchange.getProperty(GatewayConstants.ROUTED_MODEL, request.model, String.class);
        return ContextKey.of(request, target == null ? "" : target, tenant, maxPromptChars);
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
