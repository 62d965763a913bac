package io.camelgateway.provider;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.camelgateway.api.ChatCompletion;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.ChatStream;
import io.camelgateway.api.EmbeddingRequest;
import io.camelgateway.api.EmbeddingResponse;
import io.camelgateway.config.ProviderConfig;
import io.camelgateway.credentials.Credential;

/**
 * Makes provider calls for every wire format, without blocking: the JDK HTTP client with pooled keep-alive
 * connections, a small fixed executor (so open streams cost memory, not threads), and a timeout on the whole
 * answer or, for streams, on the first chunk.
 */
public final class ProviderClient implements AutoCloseable {
    private final ExecutorService executor;
    private final Map<Duration, HttpClient> clients = new ConcurrentHashMap<>();

    public ProviderClient(int threads) {
        this.executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "llm-upstream");
            t.setDaemon(true);
            return t;
        });
    }

    public CompletableFuture<ChatCompletion> chat(ProviderTranslator translator, ChatRequest request, Target target,
                                                  Credential credential) {
        UpstreamCall call = translator.chatCall(request, target);
        return send(translator, call, target, credential, HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(response -> {
                    byte[] body = answerOrThrow(translator, response, target, credential);
                    try {
                        return translator.chatResponse(body, target);
                    } catch (IOException | RuntimeException e) {
                        throw UpstreamFailures.invalidBody(target, e);
                    }
                })
                .orTimeout(timeout(target).toMillis(), TimeUnit.MILLISECONDS)
                .exceptionallyCompose(t -> CompletableFuture.failedFuture(UpstreamFailures.fromThrowable(target, t)));
    }

    /**
     * Starts a streamed call. The future completes with the stream once its first chunk is ready, so failures
     * before then (status, refusal, a cut, no first chunk in time) are still plain errors.
     */
    public CompletableFuture<ChatStream> stream(ProviderTranslator translator, ChatRequest request, Target target,
                                                Credential credential) {
        UpstreamCall call = translator.chatCall(request, target);
        ChatStream stream = new ChatStream(request.wantsUsageInStream());
        StreamRelay relay = new StreamRelay(target, translator.streamTranslator(request, target), stream);
        CompletableFuture<HttpResponse<byte[]>> head = send(translator, call, target, credential,
                info -> info.statusCode() / 100 == 2
                        ? HttpResponse.BodySubscribers.fromSubscriber(relay, ended -> (byte[]) null)
                        : HttpResponse.BodySubscribers.ofByteArray());
        stream.onCancel(() -> head.cancel(true));
        head.whenComplete((response, failure) -> {
            if (failure != null) {
                relay.firstChunk().completeExceptionally(UpstreamFailures.fromThrowable(target, failure));
            } else if (response.statusCode() / 100 != 2) {
                relay.firstChunk().completeExceptionally(
                        UpstreamFailures.fromStatus(target, response.statusCode(),
                                translator.error(response.statusCode(), response.body()),
                                response.headers().firstValue("retry-after").orElse(null), credential));
            }
        });
        return relay.firstChunk()
                .orTimeout(timeout(target).toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((s, failure) -> {
                    if (failure != null) {
                        stream.cancel();
                    }
                })
                .exceptionallyCompose(t -> CompletableFuture.failedFuture(UpstreamFailures.fromThrowable(target, t)));
    }

    public CompletableFuture<EmbeddingResponse> embeddings(ProviderTranslator translator, EmbeddingRequest request,
                                                           Target target, Credential credential) {
        UpstreamCall call = translator.embeddingsCall(request, target);
        return send(translator, call, target, credential, HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(response -> {
                    byte[] body = answerOrThrow(translator, response, target, credential);
                    try {
                        return translator.embeddingsResponse(body, request, target);
                    } catch (IOException | RuntimeException e) {
                        throw UpstreamFailures.invalidBody(target, e);
                    }
                })
                .orTimeout(timeout(target).toMillis(), TimeUnit.MILLISECONDS)
                .exceptionallyCompose(t -> CompletableFuture.failedFuture(UpstreamFailures.fromThrowable(target, t)));
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    private <T> CompletableFuture<HttpResponse<T>> send(ProviderTranslator translator, UpstreamCall call,
                                                        Target target, Credential credential,
                                                        HttpResponse.BodyHandler<T> handler) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(call.uri())
                .timeout(timeout(target))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(call.body()));
        target.provider().headers().forEach(builder::header);
        call.headers().forEach(builder::header);
        if (!credential.isNone()) {
            translator.authenticate(builder, credential.secret());
        }
        return client(target.provider()).sendAsync(builder.build(), handler);
    }

    private static byte[] answerOrThrow(ProviderTranslator translator, HttpResponse<byte[]> response, Target target,
                                        Credential credential) {
        int status = response.statusCode();
        if (status / 100 == 2) {
            return response.body();
        }
        throw UpstreamFailures.fromStatus(target, status, translator.error(status, response.body()),
                response.headers().firstValue("retry-after").orElse(null), credential);
    }

    private static Duration timeout(Target target) {
        return target.provider().requestTimeout();
    }

    private HttpClient client(ProviderConfig provider) {
        return clients.computeIfAbsent(provider.connectTimeout(), connectTimeout -> HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .executor(executor)
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
    }
}
