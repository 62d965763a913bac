package io.camelgateway.resilience;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntPredicate;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.processor.loadbalancer.LoadBalancerSupport;
import org.apache.camel.support.ExchangeHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.GatewayException;
import io.camelgateway.api.ProviderFaultException;
import io.camelgateway.component.LlmConstants;
import io.camelgateway.policy.ModelAccess;
import io.camelgateway.policy.PolicyRefusals;
import io.camelgateway.policy.TeamPolicy;
import io.camelgateway.provider.Target;
import io.camelgateway.resilience.order.CostOrder;
import io.camelgateway.resilience.order.FailoverOrder;
import io.camelgateway.resilience.order.LeastLatencyOrder;
import io.camelgateway.resilience.order.MemberOrder;
import io.camelgateway.resilience.order.PoolStrategy;
import io.camelgateway.resilience.order.RoundRobinOrder;
import io.camelgateway.resilience.order.WeightedOrder;
import io.camelgateway.routing.ModelCatalog;

/**
 * A pool of models as a Camel load balancer ({@code loadBalance: customLoadBalancer: ref: <this bean>}). For each
 * request its strategy orders the members, members whose provider's circuit breaker is open go out of rotation,
 * and the members are tried in that order: a provider fault before the answer starts
 * ({@link ProviderFaultException}) moves on to the next one, anything else is the answer. Each try sets the
 * routed model and runs the load balancer's one step (the route that calls a member).
 */
public class ModelPool extends LoadBalancerSupport implements CamelContextAware {
    private static final Logger LOG = LoggerFactory.getLogger(ModelPool.class);
    private static final double EWMA_WEIGHT = 0.3;
    private static final long FAILURE_PENALTY_NANOS = 1_000_000_000L;

    private CamelContext context;
    private String name;
    private PoolStrategy strategy = PoolStrategy.FAILOVER;
    private MemberOrder memberOrder;
    private List<String> members = List.of();
    private double[] weights;
    private double[] costs;
    private boolean[] unknown;
    private CircuitBreaker[] memberBreakers;
    private ModelCatalog catalog;
    private ProviderBreakers breakers;
    private ModelAccess access;
    private PoolDirectory directory;

    private double[] latency;
    private LongAdder[] served;
    private LongAdder[] failed;
    private final LongAdder requests = new LongAdder();
    private final LongAdder failovers = new LongAdder();

    public void setName(String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    /** failover, round-robin, weighted, least-latency or cost; any other name is refused. */
    public void setStrategy(String strategy) {
        this.strategy = PoolStrategy.named(strategy);
    }

    public String getStrategy() {
        return strategy.label();
    }

    /** The members' model names, comma-separated: "openai/gpt-4o-mini, anthropic/claude-sonnet-4-5". */
    public void setMembers(String members) {
        this.members = Arrays.stream(members.split(",")).map(String::trim).filter(m -> !m.isEmpty()).toList();
        int n = this.members.size();
        latency = new double[n];
        served = new LongAdder[n];
        failed = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            served[i] = new LongAdder();
            failed[i] = new LongAdder();
        }
    }

    public List<String> getMembers() {
        return members;
    }

    /** For weighted: one weight per member, comma-separated ("3, 1"). */
    public void setWeights(String weights) {
        this.weights = weights == null || weights.isBlank() ? null : numbers(weights, "weights");
    }

    /**
     * For cost: one cost per member, comma-separated ("0.6, 15"), in any unit. Without it, a member's cost is its
     * input plus output price from gateway.yaml's prices:, and a member without a price goes last.
     */
    public void setCosts(String costs) {
        this.costs = costs == null || costs.isBlank() ? null : numbers(costs, "costs");
    }

    @Override
    public void setCamelContext(CamelContext context) {
        this.context = context;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    @Override
    protected void doStart() throws Exception {
        if (name == null || members.isEmpty()) {
            throw new IllegalArgumentException("A model pool needs a name and members");
        }
        if (strategy == PoolStrategy.WEIGHTED && (weights == null || weights.length != members.size())) {
            throw new IllegalArgumentException("Pool " + name + ": weighted needs one weight per member");
        }
        if (strategy == PoolStrategy.COST && costs != null && costs.length != members.size()) {
            throw new IllegalArgumentException("Pool " + name + ": costs needs one cost per member");
        }
        catalog = context.getRegistry().lookupByNameAndType("modelCatalog", ModelCatalog.class);
        if (strategy == PoolStrategy.COST && costs == null) {
            costs = listPrices();
        }
        memberOrder = switch (strategy) {
            case FAILOVER -> new FailoverOrder();
            case ROUND_ROBIN -> new RoundRobinOrder();
            case WEIGHTED -> new WeightedOrder(weights);
            case LEAST_LATENCY -> new LeastLatencyOrder(this::latency);
            case COST -> new CostOrder(costs);
        };
        access = context.getRegistry().lookupByNameAndType("modelAccess", ModelAccess.class);
        breakers = context.getRegistry().lookupByNameAndType("providerBreakers", ProviderBreakers.class);
        directory = context.getRegistry().findSingleByType(PoolDirectory.class);
        unknown = new boolean[members.size()];
        memberBreakers = new CircuitBreaker[members.size()];
        for (int i = 0; i < members.size(); i++) {
            Optional<Target> target = catalog == null ? Optional.empty() : catalog.find(members.get(i));
            if (catalog != null && target.isEmpty()) {
                unknown[i] = true; // a typo should not take the whole file's routes down: leave the member out
                LOG.error("Pool {}: member '{}' names no provider or alias the gateway knows; it is left out",
                        name, members.get(i));
            }
            if (breakers != null && target.isPresent()) {
                memberBreakers[i] = breakers.forProvider(target.get().providerName()); // looked up once
            }
        }
        super.doStart();
        if (directory != null) {
            directory.started(this);
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (directory != null) {
            directory.stopped(this);
        }
        super.doStop();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        AsyncProcessor[] steps = doGetProcessors();
        if (steps.length != 1) {
            exchange.setException(new IllegalStateException("Pool " + name
                    + ": the load balancer takes exactly one step, the route that calls a member"));
            callback.done(true);
            return true;
        }
        requests.increment();
        List<Integer> order;
        try {
            order = order(permitted(exchange));
        } catch (GatewayException refused) {
            exchange.setException(refused);
            callback.done(true);
            return true;
        }
        if (order.isEmpty()) {
            exchange.setException(new GatewayException(503, "server_error", "pool_empty", "The pool '" + name
                    + "' has no member the gateway knows; see the gateway's log."));
            callback.done(true);
            return true;
        }
        exchange.setProperty(GatewayConstants.POOL, name);
        exchange.setProperty(GatewayConstants.ATTEMPTS, new AtomicInteger());
        new Tries(exchange, callback, steps[0], order).next();
        return false;
    }

    /**
     * This request's members, in the order to try them: healthy ones by the strategy, then the rest if need be.
     *
     * @param usable the members this request may use at all
     */
    List<Integer> order(IntPredicate usable) {
        int n = members.size();
        List<Integer> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        memberOrder.order(order);
        List<Integer> healthy = new ArrayList<>(n);
        order.removeIf(i -> unknown[i] || !usable.test(i));
        for (int i : order) {
            if (!open(i)) {
                healthy.add(i);
            }
        }
        return healthy.isEmpty() ? order : healthy; // all open: try them anyway, each answers at once
    }

    /**
     * The members the caller's team may use; the others are left out without a try, so they count as neither a
     * failure nor a failover. A 403 naming the model asked for when the team may use no member the gateway knows.
     */
    private IntPredicate permitted(Exchange exchange) {
        TeamPolicy team = access == null ? null : access.teamOf(exchange);
        if (team == null) {
            return member -> true;
        }
        boolean[] allowed = new boolean[members.size()];
        boolean any = false;
        boolean known = false;
        for (int i = 0; i < allowed.length; i++) {
            allowed[i] = access.whyNot(team, members.get(i)).isEmpty();
            any |= allowed[i] && !unknown[i];
            known |= !unknown[i];
        }
        if (known && !any) {
            throw PolicyRefusals.modelNotAllowed(ModelAccess.askedModel(exchange));
        }
        return member -> allowed[member];
    }

    private boolean open(int member) {
        CircuitBreaker breaker = memberBreakers[member];
        if (breaker == null) {
            return false;
        }
        CircuitBreaker.State state = breaker.getState();
        return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
    }

    private synchronized double latency(int member) {
        return latency[member];
    }

    private synchronized void recordLatency(int member, long nanos) {
        double millis = nanos / 1e6;
        latency[member] = latency[member] == 0 ? millis : EWMA_WEIGHT * millis + (1 - EWMA_WEIGHT) * latency[member];
    }

    /** For operators: the strategy, the counts, and each member's served and failed tries and latency. */
    public synchronized Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("strategy", getStrategy());
        stats.put("requests", requests.sum());
        stats.put("failovers", failovers.sum());
        Map<String, Object> perMember = new LinkedHashMap<>();
        for (int i = 0; i < members.size(); i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("served", served[i].sum());
            m.put("failed", failed[i].sum());
            m.put("latencyMs", Math.round(latency[i] * 10) / 10.0);
            m.put("circuitOpen", open(i));
            perMember.put(members.get(i), m);
        }
        stats.put("members", perMember);
        return stats;
    }

    /**
     * One request's way through the members; each try runs on a copy, so a failed try leaves nothing behind. A
     * member at the gateway's own limit for its provider is busy and skipped at once; only when every member
     * tried was busy or failed does the request go back to the busy ones, now waiting in their queues.
     */
    private final class Tries {
        private final Exchange exchange;
        private final AsyncCallback callback;
        private final AsyncProcessor step;
        private List<Integer> order;
        private final List<Integer> busy = new ArrayList<>();
        private boolean waiting;
        private boolean skippedBusy;
        private int position;

        Tries(Exchange exchange, AsyncCallback callback, AsyncProcessor step, List<Integer> order) {
            this.exchange = exchange;
            this.callback = callback;
            this.step = step;
            this.order = order;
        }

        void next() {
            int member = order.get(position);
            if (position > 0 && !skippedBusy) {
                failovers.increment();
            }
            Exchange copy = ExchangeHelper.createCopy(exchange, true);
            copy.setProperty(GatewayConstants.ROUTED_MODEL, members.get(member));
            copy.setProperty(LlmConstants.WAIT_FOR_SLOT, waiting);
            PoolAttempts.next(copy);
            long start = System.nanoTime();
            step.process(copy, doneSync -> done(copy, member, System.nanoTime() - start));
        }

        private void done(Exchange copy, int member, long nanos) {
            if (copy.getException() instanceof GatewayException g
                    && GatewayException.PROVIDER_BUSY.equals(g.code())) {
                busy.add(member); // not sent: neither a try, nor a failure, nor a latency
                exchange.getProperty(GatewayConstants.ATTEMPTS, AtomicInteger.class).decrementAndGet();
                skippedBusy = true;
                if (moveOn()) {
                    return;
                }
            } else if (copy.getException() instanceof ProviderFaultException) {
                skippedBusy = false;
                failed[member].increment();
                recordLatency(member, nanos + FAILURE_PENALTY_NANOS); // least-latency: a failing member sinks
                if (moveOn()) {
                    return;
                }
            } else if (copy.getException() == null) {
                served[member].increment();
                recordLatency(member, nanos);
            }
            ExchangeHelper.copyResults(exchange, copy);
            callback.done(false);
        }

        /** Tries the next member, or the busy ones again, waiting this time; false when none is left. */
        private boolean moveOn() {
            if (++position < order.size()) {
                next();
                return true;
            }
            if (!waiting && !busy.isEmpty()) {
                waiting = true;
                order = List.copyOf(busy);
                position = 0;
                next();
                return true;
            }
            return false;
        }
    }

    private double[] listPrices() {
        double[] result = new double[members.size()];
        for (int i = 0; i < result.length; i++) {
            String member = members.get(i);
            result[i] = catalog == null ? Double.MAX_VALUE : catalog.price(member)
                    .map(p -> p.input() + p.output()).orElseGet(() -> {
                        LOG.warn("Pool {}: member '{}' has no price in the gateway configuration; it goes last", name,
                                member);
                        return Double.MAX_VALUE;
                    });
        }
        return result;
    }

    private double[] numbers(String list, String what) {
        try {
            return Arrays.stream(list.split(",")).map(String::trim).mapToDouble(Double::parseDouble).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Pool " + name + ": " + what + " must be numbers, got '" + list + "'");
        }
    }
}
