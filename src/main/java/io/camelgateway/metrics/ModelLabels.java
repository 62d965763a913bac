package io.camelgateway.metrics;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.camelgateway.config.GatewayConfig;
import io.camelgateway.provider.Target;

/**
 * Model names as metric labels: a name the configuration knows (an alias, a listed or priced "provider/model", a
 * pool, a router model such as "auto") labels itself; any other becomes "other", so that callers who send made-up
 * model names cannot grow the number of series without bound.
 */
public final class ModelLabels {
    public static final String OTHER = "other";

    private final Set<String> configured;
    /** The configured names again, by provider and model: a served model's label without a string per call. */
    private final Map<String, Map<String, String>> byProvider;
    private final Supplier<? extends Collection<String>> pools;
    /** The pools' names as last read (a sorted set) and a hash set of the same, rebuilt when they change. */
    private volatile PoolNames poolNames = new PoolNames(Set.of(), Set.of());

    /**
     * @param extraNames models served outside the providers (local embeddings) and router models ("auto")
     * @param pools      the pools' names now (they change when route files reload)
     */
    public ModelLabels(GatewayConfig config, Collection<String> extraNames,
                       Supplier<? extends Collection<String>> pools) {
        Set<String> names = new HashSet<>(extraNames);
        names.addAll(config.aliases().keySet());
        names.addAll(config.aliases().values());
        names.addAll(config.prices().keySet());
        config.providers().values().forEach(p -> p.models().forEach(m -> names.add(p.name() + "/" + m)));
        this.configured = Set.copyOf(names);
        Map<String, Map<String, String>> split = new HashMap<>();
        for (String name : configured) {
            // Every way of reading the name as provider + "/" + model, as served() would have joined them.
            for (int slash = name.indexOf('/'); slash >= 0; slash = name.indexOf('/', slash + 1)) {
                split.computeIfAbsent(name.substring(0, slash), p -> new HashMap<>())
                        .put(name.substring(slash + 1), name);
            }
        }
        split.replaceAll((provider, models) -> Map.copyOf(models));
        this.byProvider = Map.copyOf(split);
        this.pools = pools;
    }

    /** The label of a model name a caller asked for. */
    public String requested(String model) {
        if (model == null) {
            return OTHER;
        }
        return configured.contains(model) || isPool(model) ? model : OTHER;
    }

    /** The label of the model that served: "provider/model" when configured. */
    public String served(Target target) {
        Map<String, String> models = byProvider.get(target.providerName());
        String label = models == null || target.upstreamModel() == null ? null : models.get(target.upstreamModel());
        return label == null ? OTHER : label;
    }

    private boolean isPool(String model) {
        Collection<String> now = pools.get();
        PoolNames last = poolNames;
        if (last.read != now) {
            last = new PoolNames(now, Set.copyOf(now));
            poolNames = last;
        }
        return last.names.contains(model);
    }

    private record PoolNames(Collection<String> read, Set<String> names) {
    }
}
