package io.camelgateway.routing;

import org.apache.camel.Processor;
import org.apache.camel.spi.Registry;

import io.camelgateway.cache.semantic.SemanticCache;
import io.camelgateway.guardrail.pii.PiiGuard;
import io.camelgateway.limits.Admission;
import io.camelgateway.policy.PolicyCheck;

/**
 * The bean steps the shipped routes take on every request, as processors for {@code - process: {ref: ...}}. Each is
 * the same as its bean step ({@code - bean: {ref: policyCheck, method: chat}}), which also works in a route, but
 * Camel's bean component finds the method and its parameters by reflection on every call: about 6 % of a request's
 * CPU for the four steps of a chat request (docs/benchmarks.md).
 */
public final class RouteSteps {
    private RouteSteps() {
    }

    /** Binds each step under its name, from the beans already bound. */
    public static void bind(Registry registry) {
        PolicyCheck policy = registry.lookupByNameAndType("policyCheck", PolicyCheck.class);
        Admission admission = registry.lookupByNameAndType("admission", Admission.class);
        PiiGuard pii = registry.lookupByNameAndType("piiGuard", PiiGuard.class);
        SemanticCache semanticCache = registry.lookupByNameAndType("semanticCache", SemanticCache.class);
        registry.bind("chatPolicy", (Processor) policy::chat);
        registry.bind("embeddingsPolicy", (Processor) policy::embeddings);
        registry.bind("modelsPolicy", (Processor) policy::models);
        registry.bind("chatAdmission", (Processor) admission::chat);
        registry.bind("embeddingsAdmission", (Processor) admission::embeddings);
        registry.bind("piiScreen", (Processor) pii::screen);
        registry.bind("piiRestore", (Processor) pii::restore);
        registry.bind("semanticCacheStore", (Processor) semanticCache::store); // every pool request, cache on or off
    }
}
