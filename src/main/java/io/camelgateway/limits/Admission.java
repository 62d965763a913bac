package io.camelgateway.limits;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.github.bucket4j.ConsumptionProbe;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.metering.RoughTokens;
import io.camelgateway.api.ChatStream;
import io.camelgateway.api.EmbeddingRequest;
import io.camelgateway.component.LlmCall;
import io.camelgateway.component.LlmCallListener;
import io.camelgateway.config.GatewayConfig;
import io.camelgateway.config.ProviderConfig;
import io.camelgateway.policy.Policy;
import io.camelgateway.security.CallerIdentity;

/**
 * Route step after the policy check: admits a request within the rate limits and budgets of its caller's key, their
 * team and the model they asked for, or refuses it with a 429. Admission takes a request from each requests per
 * minute limit, its estimated tokens (the prompt's characters / 4, plus its output limit) from each tokens per
 * minute limit, a slot from each concurrency limit, and reserves its most cost in each budget. When the answer has
 * ended (a stream: its last chunk), the provider calls' real tokens and cost replace the estimate and reservation
 * ({@link #ended}, an {@link LlmCallListener}). Everything here is in memory: no I/O on the event loop.
 */
public class Admission implements LlmCallListener {
    /** The exchange property that holds the request's {@link AdmittedRequest}. */
    static final String ADMITTED = "CamelGatewayAdmitted";
    /** The output limit assumed for a request that sets none, whose provider has no defaultMaxTokens. */
    static final int FALLBACK_MAX_TOKENS = 4096;

    private final Supplier<Policy> policy;
    private final GatewayConfig config;
    private final RateLimiter limiters;
    private final BudgetLedger ledger;
    private final LimitEvents events;
    private final double mostExpensiveInput;
    private final double mostExpensiveOutput;

    public Admission(Supplier<Policy> policy, GatewayConfig config, BudgetLedger ledger, LimitEvents events) {
        this.policy = policy;
        this.config = config;
        this.ledger = ledger;
        this.limiters = new RateLimiter(ledger.store());
        this.events = events;
        this.mostExpensiveInput = config.prices().values().stream().mapToDouble(GatewayConfig.Price::input).max()
                .orElse(0);
        this.mostExpensiveOutput = config.prices().values().stream().mapToDouble(GatewayConfig.Price::output).max()
                .orElse(0);
    }

    public void chat(Exchange exchange) {
        Allowances allowances = policy.get().allowances();
        if (allowances.none()) {
            return;
        }
        ChatRequest request = exchange.getMessage().getBody(ChatRequest.class);
        String model = resolved(request.model);
        Integer asked = request.outputTokenLimit();
        admit(exchange, allowances, request.model, model, RoughTokens.prompt(request),
                asked != null ? asked : defaultMaxTokens(model), false);
    }

    public void embeddings(Exchange exchange) {
        Allowances allowances = policy.get().allowances();
        if (allowances.none()) {
            return;
        }
        EmbeddingRequest request = exchange.getMessage().getBody(EmbeddingRequest.class);
        admit(exchange, allowances, request.model, resolved(request.model), RoughTokens.prompt(request), 0, false);
    }

    /**
     * A line of a batch its provider's own batch API has answered (routes/batches.camel.yaml): too late to refuse
     * or to rate-limit, but what it cost (at its batch price) counts in every budget of its caller, team and model,
     * as a request's does.
     */
    public void forwardedLine(Exchange exchange) {
        Allowances allowances = policy.get().allowances();
        if (allowances.none()) {
            return;
        }
        ChatRequest request = exchange.getMessage().getBody(ChatRequest.class);
        admit(exchange, allowances, request.model, resolved(request.model), 0, 0, true);
    }

    /**
     * @param prompt   the request's estimated prompt tokens
     * @param answered an answer already given (a forwarded batch's line): nothing is refused or rate-limited, its cost
     *                 only counts
     */
    private void admit(Exchange exchange, Allowances allowances, String askedModel, String model, long prompt,
                       long output, boolean answered) {
        CallerIdentity caller = exchange.getProperty(GatewayConstants.CALLER, CallerIdentity.class);
        List<Scope> scopes = new ArrayList<>(3);
        List<Allowance> applying = new ArrayList<>(3);
        if (caller != null) {
            add(scopes, applying, Scope.Kind.KEY, caller.name(), allowances.keys());
            add(scopes, applying, Scope.Kind.TEAM, caller.team(), allowances.teams());
        }
        if (!add(scopes, applying, Scope.Kind.MODEL, askedModel, allowances.models()) && !model.equals(askedModel)) {
            add(scopes, applying, Scope.Kind.MODEL, model, allowances.models());
        }
        if (scopes.isEmpty()) {
            return;
        }
        long tokens = prompt + output;
        List<ScopeLimiter> taken = new ArrayList<>(scopes.size());
        List<ScopeLimiter.Slot> slots = new ArrayList<>(scopes.size());
        RateHeaders headers = new RateHeaders();
        try {
            for (int i = 0; i < scopes.size(); i++) {
                RateLimit limit = applying.get(i).limits();
                if (limit != null && !answered) {
                    ScopeLimiter limiter = limiters.of(scopes.get(i), limit);
                    slots.add(take(limiter, tokens, headers));
                    taken.add(limiter);
                }
            }
        } catch (RuntimeException refused) {
            giveBack(taken, slots, tokens);
            throw refused;
        }
        long most = answered ? 0 : mostCost(model, prompt, output);
        List<BudgetTotals> reserved = new ArrayList<>(scopes.size());
        List<Budget> budgets = new ArrayList<>(scopes.size());
        long[] reservations = new long[scopes.size()];
        for (int i = 0; i < scopes.size(); i++) {
            Budget budget = applying.get(i).budget();
            if (budget == null) {
                continue;
            }
            BudgetTotals totals = ledger.totals(scopes.get(i), budget);
            long reservation = totals.reserve(most, Math.round(budget.usd() * BudgetTotals.NANOS_PER_USD),
                    budget.hard() && !answered);
            if (reservation == BudgetTotals.REFUSED) {
                for (int j = 0; j < reserved.size(); j++) {
                    reserved.get(j).settle(reservations[j], 0);
                }
                giveBack(taken, slots, tokens);
                events.refused(scopes.get(i).kind(), "budget");
                throw LimitRefusals.budget(scopes.get(i), budget, budget.period().resetsAt(ledger.clock().instant()));
            }
            reservations[reserved.size()] = reservation;
            reserved.add(totals);
            budgets.add(budget);
        }
        headers.writeTo(exchange.getMessage());
        AdmittedRequest admitted = new AdmittedRequest(taken, slots, tokens, reserved, budgets, reservations);
        exchange.setProperty(ADMITTED, admitted);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                if (done.getMessage().getBody() instanceof ChatStream stream) {
                    stream.onEnd(error -> settle(admitted)); // after the producer's own, which reports the usage
                } else {
                    settle(admitted);
                }
            }
        });
    }

    private static boolean add(List<Scope> scopes, List<Allowance> applying, Scope.Kind kind, String name,
                               Map<String, Allowance> allowances) {
        Allowance allowance = name == null ? null : allowances.get(name);
        if (allowance == null) {
            return false;
        }
        scopes.add(new Scope(kind, name));
        applying.add(allowance);
        return true;
    }

    /** Takes what the request needs of one scope's limits, or gives it all back and throws the refusal. */
    private ScopeLimiter.Slot take(ScopeLimiter limiter, long tokens, RateHeaders headers) {
        RateLimit limit = limiter.limit;
        ScopeLimiter.Slot slot = limiter.startRequest();
        if (slot == ScopeLimiter.Slot.REFUSED) {
            events.refused(limiter.scope.kind(), "concurrent");
            throw LimitRefusals.rate(limiter.scope, "concurrent", limit.concurrentRequests(), 1_000_000_000L);
        }
        ConsumptionProbe request = limiter.takeRequest();
        if (request != null && !request.isConsumed()) {
            limiter.endRequest(slot);
            events.refused(limiter.scope.kind(), "requests");
            throw LimitRefusals.rate(limiter.scope, "requests", limit.requestsPerMinute(),
                    request.getNanosToWaitForRefill());
        }
        if (limit.tokensPerMinute() != null && tokens > limit.tokensPerMinute()) {
            limiter.endRequest(slot);
            limiter.giveBackRequest();
            events.refused(limiter.scope.kind(), "tokens");
            throw LimitRefusals.tooLarge(limiter.scope, tokens, limit.tokensPerMinute());
        }
        ConsumptionProbe taken = limiter.takeTokens(tokens);
        if (taken != null && !taken.isConsumed()) {
            limiter.endRequest(slot);
            limiter.giveBackRequest();
            events.refused(limiter.scope.kind(), "tokens");
            throw LimitRefusals.rate(limiter.scope, "tokens", limit.tokensPerMinute(),
                    taken.getNanosToWaitForRefill());
        }
        headers.requests(limit.requestsPerMinute(), request);
        headers.tokens(limit.tokensPerMinute(), taken);
        return slot;
    }

    private static void giveBack(List<ScopeLimiter> taken, List<ScopeLimiter.Slot> slots, long tokens) {
        for (int i = 0; i < taken.size(); i++) {
            taken.get(i).endRequest(slots.get(i));
            taken.get(i).giveBackRequest();
            taken.get(i).correctTokens(tokens, 0);
        }
    }

    private void settle(AdmittedRequest admitted) {
        long[] before = admitted.settle();
        if (before == null) {
            return;
        }
        List<BudgetTotals> budgets = admitted.budgets();
        for (int i = 0; i < budgets.size(); i++) {
            Budget budget = admitted.budgetLimits().get(i);
            long limit = Math.round(budget.usd() * BudgetTotals.NANOS_PER_USD);
            if (before[i] < limit && before[i] + admitted.cost() >= limit) {
                events.budgetCrossed(budgets.get(i).scope, budget, budgets.get(i).period,
                        (before[i] + admitted.cost()) / BudgetTotals.NANOS_PER_USD);
            }
        }
    }

    /** A provider call ended: its tokens and cost count towards the request it was made for. */
    @Override
    public void ended(Exchange exchange, LlmCall call) {
        AdmittedRequest admitted = exchange.getProperty(ADMITTED, AdmittedRequest.class);
        if (admitted == null) {
            return;
        }
        GatewayConfig.Price price = config.prices().get(call.target().providerName() + "/"
                + call.target().upstreamModel());
        long cost = price == null ? 0
                : Math.round(call.cost(price) * BudgetTotals.NANOS_PER_USD);
        admitted.callEnded(call.inputTokens() + call.outputTokens(), cost);
    }

    /**
     * The most a request can cost: its estimated prompt and its output limit at its model's prices, or at the most
     * expensive configured prices when the model is a pool or a router model whose member is not known yet.
     */
    private long mostCost(String model, long prompt, long output) {
        GatewayConfig.Price price = config.prices().get(model);
        double usd = price != null ? price.cost(prompt, output)
                : (prompt * mostExpensiveInput + output * mostExpensiveOutput) / 1_000_000;
        return Math.round(usd * BudgetTotals.NANOS_PER_USD);
    }

    private String resolved(String model) {
        return model == null ? "" : config.aliases().getOrDefault(model, model);
    }

    private int defaultMaxTokens(String model) {
        int slash = model.indexOf('/');
        ProviderConfig provider = slash < 0 ? null : config.providers().get(model.substring(0, slash));
        return provider != null && provider.defaultMaxTokens() > 0 ? provider.defaultMaxTokens()
                : FALLBACK_MAX_TOKENS;
    }
}
