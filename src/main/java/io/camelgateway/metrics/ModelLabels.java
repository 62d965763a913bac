package io.camelgateway.metrics;

import java.util.Collection;
import java.util.HashSet;
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
    private final Supplier<? extends Collection<String>> pools;

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
        this.pools = pools;
    }

    /** The label of a model name a caller asked for. */
    public String requested(String model) {
        if (model == null) {
            return OTHER;
        }
        return configured.contains(model) || pools.get().contains(model) ? model : OTHER;
    }

    /** The label of the model that served: "provider/model" when configured. */
    public String served(Target target) {
        String model = target.providerName() + "/" + target.upstreamModel();
        return configured.contains(model) ? model : OTHER;
    }
}
