package io.camelgateway.routing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.camelgateway.api.GatewayException;
import io.camelgateway.api.ModelList;
import io.camelgateway.config.GatewayConfig;
import io.camelgateway.config.ProviderConfig;
import io.camelgateway.provider.Target;

/**
 * The model names callers may use: configured aliases, and "provider/model" for any configured provider.
 * An explicit name goes where it says; semantic routing (a later step in the chat route) handles router names.
 */
public class ModelCatalog {
    private final Map<String, ProviderConfig> providers;
    private final Map<String, String> aliases;
    private final Map<String, GatewayConfig.Price> prices;
    private final List<String> localModels;
    private final Supplier<? extends Collection<String>> pools;
    private final long created = System.currentTimeMillis() / 1000;

    /**
     * @param localModels models the gateway runs itself (listed, but served by their own route steps)
     * @param pools       the pools' names (listed, but served by their routes)
     */
    public ModelCatalog(GatewayConfig config, List<String> localModels, Supplier<? extends Collection<String>> pools) {
        this.providers = config.providers();
        this.aliases = config.aliases();
        this.prices = config.prices();
        this.localModels = localModels;
        this.pools = pools;
    }

    /** Where a model name goes; a 404 in OpenAI's shape when the gateway does not serve it. */
    public Target resolve(String model) {
        return find(model).orElseThrow(() -> GatewayException.unknownModel(model));
    }

    public Optional<Target> find(String model) {
        if (model == null) {
            return Optional.empty();
        }
        String qualified = aliases.getOrDefault(model, model);
        int slash = qualified.indexOf('/');
        if (slash <= 0 || slash == qualified.length() - 1) {
            return Optional.empty();
        }
        ProviderConfig provider = providers.get(qualified.substring(0, slash));
        if (provider == null) {
            return Optional.empty();
        }
        return Optional.of(new Target(provider, qualified.substring(slash + 1), model));
    }

    /** What a model's tokens cost (gateway.yaml prices:), for a "provider/model" name or an alias. */
    public Optional<GatewayConfig.Price> price(String model) {
        return find(model).map(t -> prices.get(t.providerName() + "/" + t.upstreamModel()));
    }

    /** Every alias, every listed provider model, the local models and the pools, in OpenAI's model-list shape. */
    public ModelList list() {
        List<ModelList.Model> models = new ArrayList<>();
        aliases.forEach((alias, target) -> models.add(
                new ModelList.Model(alias, created, target.substring(0, target.indexOf('/')))));
        providers.values().forEach(p -> p.models().forEach(
                m -> models.add(new ModelList.Model(p.name() + "/" + m, created, p.name()))));
        localModels.forEach(m -> models.add(new ModelList.Model(m, created, "gateway")));
        pools.get().forEach(m -> models.add(new ModelList.Model(m, created, "gateway-pool")));
        return new ModelList(models);
    }

    public ModelList.Model describe(String id) {
        return list().data.stream().filter(m -> m.id.equals(id)).findFirst()
                .or(() -> find(id).map(t -> new ModelList.Model(id, created, t.providerName())))
                .orElseThrow(() -> GatewayException.unknownModel(id));
    }
}
