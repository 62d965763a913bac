package io.camelgateway.guardrail.pii;

import java.util.Set;
import java.util.TreeSet;

import io.camelgateway.config.GatewayConfig;
import io.camelgateway.routing.ModelCatalog;

/** The models of providers gateway.yaml marks {@code private: true}: where a request with PII may go in mode route. */
public final class PrivateModels {
    private final Set<String> providers = new TreeSet<>();
    private final ModelCatalog catalog;

    public PrivateModels(GatewayConfig config, ModelCatalog catalog) {
        this.catalog = catalog;
        config.root().sectionsByName("providers").forEach((name, provider) -> {
            if (provider.flag("private", false)) {
                providers.add(name);
            }
        });
    }

    /** True when the name (provider/model or an alias) is served by a private provider. */
    public boolean isPrivate(String model) {
        return model != null && catalog.find(model).map(t -> providers.contains(t.providerName())).orElse(false);
    }

    public Set<String> providers() {
        return providers;
    }
}
