package io.camelgateway.cache;

import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.camelgateway.Sha256;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.Json;

/**
 * The exact cache's key: SHA-256 of the scope, the target routing chose and the canonical request, that is
 * everything that shapes the answer (messages, tools, sampling parameters, response format, fields the gateway does
 * not model) and nothing that does not: whether it streams, the caller's {@code user} id, {@code metadata},
 * {@code store}.
 */
public final class RequestFingerprint {
    /** Request fields that do not change the answer. */
    private static final Set<String> NOISE = Set.of("user", "metadata", "store", "stream", "stream_options",
            "service_tier");

    private RequestFingerprint() {
    }

    /**
     * @param scope  whose answers these are (a team, a shared cache scope, a key)
     * @param target where routing sent the request: "provider/model", or "pool:name"
     */
    public static String of(String scope, String target, ChatRequest request) {
        ObjectNode canonical = (ObjectNode) Json.MAPPER.valueToTree(request);
        canonical.remove(NOISE);
        canonical.put("model", target);
        TreeMap<String, JsonNode> sorted = new TreeMap<>();
        canonical.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
        ObjectNode ordered = Json.object();
        ordered.put("scope", scope);
        ordered.setAll(sorted);
        return Sha256.hex(Json.write(ordered));
    }
}
