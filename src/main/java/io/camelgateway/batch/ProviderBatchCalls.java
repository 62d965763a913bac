package io.camelgateway.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpMethod;

import io.camelgateway.api.Json;
import io.camelgateway.credentials.Credential;
import io.camelgateway.provider.ProviderClient;
import io.camelgateway.provider.ProviderTranslator;
import io.camelgateway.provider.Target;
import io.camelgateway.provider.UpstreamCall;
import io.camelgateway.provider.UpstreamFailures;

/**
 * Calls to one provider's batch API for one batch, with the credential its owner's team uses for that provider
 * (never a caller's key): through the gateway's own provider client, each bounded by the provider's
 * requestTimeout, an answer by maxBytes. A provider's error is a GatewayException, as on any call.
 */
final class ProviderBatchCalls {
    private final ProviderClient client;
    private final ProviderTranslator translator;
    private final Target target;
    private final Credential credential;
    private final int maxBytes;
    private final Map<String, String> headers;

    /** @param headers what every call of this API carries besides the credential (Anthropic's version) */
    ProviderBatchCalls(ProviderClient client, ProviderTranslator translator, Target target, Credential credential,
                       int maxBytes, Map<String, String> headers) {
        this.client = client;
        this.translator = translator;
        this.target = target;
        this.credential = credential;
        this.maxBytes = maxBytes;
        this.headers = headers;
    }

    /** Whether a URL the provider gave (a results URL) is on its own base URL, where its credential may go. */
    boolean isProviders(String url) {
        return url != null && url.startsWith(target.provider().base() + "/") && !url.contains("..")
                && !url.contains("@");
    }

    /** The provider's base URL (gateway.yaml's baseUrl) followed by this path. */
    URI uri(String path) {
        return URI.create(target.provider().base() + path);
    }

    Target target() {
        return target;
    }

    byte[] get(URI uri) {
        return call(HttpMethod.GET, new UpstreamCall(uri, new byte[0], headers));
    }

    byte[] post(URI uri, byte[] body, String contentType) {
        Map<String, String> withType = new HashMap<>(headers);
        withType.put("Content-Type", contentType);
        return call(HttpMethod.POST, new UpstreamCall(uri, body, withType));
    }

    /** A batch API's JSON answer. */
    static JsonNode json(byte[] body) {
        try {
            return Json.tree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("The provider's batch API answered with something not JSON", e);
        }
    }

    /** A JSONL file's lines, each parsed. */
    static List<JsonNode> jsonLines(byte[] content) {
        List<JsonNode> lines = new ArrayList<>();
        for (String text : new String(content, StandardCharsets.UTF_8).split("\n")) {
            if (!text.isBlank()) {
                lines.add(json(text.getBytes(StandardCharsets.UTF_8)));
            }
        }
        return lines;
    }

    private byte[] call(HttpMethod method, UpstreamCall call) {
        try {
            return client.apiCall(method, translator, call, target, credential, maxBytes).join();
        } catch (CompletionException e) {
            throw UpstreamFailures.fromThrowable(target, e); // the call's own GatewayException, unwrapped
        }
    }
}
