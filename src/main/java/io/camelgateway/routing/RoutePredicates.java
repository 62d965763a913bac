package io.camelgateway.routing;

import org.apache.camel.Predicate;
import org.apache.camel.spi.Registry;

import io.camelgateway.embedding.LocalEmbeddings;
import io.camelgateway.guardrail.injection.PromptInjectionGuard;
import io.camelgateway.resilience.PoolDirectory;
import io.camelgateway.routing.semantic.IntentRouting;

/**
 * The questions the shipped routes ask of every request, as Camel predicates for the ref language
 * ({@code - ref: asksForAuto}). Each is the same as its bean method ({@code method: {ref: intentRouting, method:
 * applies}}), which also works in a route, but the bean language copies the exchange's headers and properties into
 * a new exchange and back for every question: a few percent of a request's CPU for three questions
 * (docs/benchmarks.md).
 */
public final class RoutePredicates {
    private RoutePredicates() {
    }

    /** Binds each predicate under its name, from the beans already bound. */
    public static void bind(Registry registry) {
        IntentRouting routing = registry.lookupByNameAndType("intentRouting", IntentRouting.class);
        PoolDirectory pools = registry.lookupByNameAndType("pools", PoolDirectory.class);
        LocalEmbeddings embeddings = registry.lookupByNameAndType("localEmbeddings", LocalEmbeddings.class);
        PromptInjectionGuard injection = registry.lookupByNameAndType("promptInjectionGuard",
                PromptInjectionGuard.class);
        registry.bind("asksForAuto", (Predicate) routing::applies);
        registry.bind("asksForAPool", (Predicate) pools::serves);
        registry.bind("asksForALocalEmbeddingModel", (Predicate) embeddings::serves);
        registry.bind("promptInjectionGuardOn", (Predicate) injection::applies);
    }
}
