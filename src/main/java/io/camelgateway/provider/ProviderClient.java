package io.camelgateway.provider;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;

import io.camelgateway.api.ChatCompletion;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.ChatStream;
import io.camelgateway.api.EmbeddingRequest;
import io.camelgateway.api.EmbeddingResponse;
import io.camelgateway.api.GatewayException;
import io.camelgateway.credentials.Credential;

/**
 * Makes provider calls for every wire format, without blocking: Netty with pooled keep-alive connections, the
 * translator for the format. Three limits: connecting (connectTimeout), the answer's start (firstByteTimeout: a
 * plain answer's head, a stream's first chunk) and the whole answer (requestTimeout; a stream still going then
 * ends with an error event).
 * A call may name the event loop of the caller's connection: it then runs there, start to finish.
 * What it holds of an answer is bounded ({@link UpstreamSettings}): a plain answer up to maxAnswerBytes, a stream's
 * chunks up to streamBufferBytes while the caller reads slowly (reading from the provider pauses meanwhile).
 */
public final class ProviderClient implements AutoCloseable {
    private final UpstreamTransport transport;
    private final UpstreamSettings settings;
    private final CallAuthorizers authorizers = new CallAuthorizers();

    public ProviderClient(int threads) {
        this(threads, UpstreamSettings.DEFAULTS);
    }

    public ProviderClient(int threads, UpstreamSettings settings) {
        this.transport = new UpstreamTransport(threads, settings);
        this.settings = settings;
    }

    public CompletableFuture<ChatCompletion> chat(ProviderTranslator translator, ChatRequest request, Target target,
                                                  Credential credential, EventLoop affinity) {
        return chat(translator, request, target, credential, affinity, Map.of());
    }

    /** @param traceHeaders the trace context to pass on (W3C traceparent, tracestate), or none */
    public CompletableFuture<ChatCompletion> chat(ProviderTranslator translator, ChatRequest request, Target target,
                                                  Credential credential, EventLoop affinity,
                                                  Map<String, String> traceHeaders) {
        CompletableFuture<byte[]> call = call(translator, translator.chatCall(request, target), target, credential,
                affinity, traceHeaders);
        return cancelling(call, call.thenApply(body -> {
            try {
                return translator.chatResponse(body, target);
            } catch (IOException | RuntimeException e) {
                throw UpstreamFailures.invalidBody(target, e);
            }
        }));
    }

    /**
     * A plain chat call for a caller who speaks OpenAI's chat format: the answer as the provider sent it when the
     * provider speaks that format too ({@link io.camelgateway.api.ChatCompletionAsSent}), else the translated
     * {@link ChatCompletion}. An answer that holds none fails as {@link #chat} does.
     */
    public CompletableFuture<Object> chatForOpenAiCaller(ProviderTranslator translator, ChatRequest request,
                                                         Target target, Credential credential, EventLoop affinity,
                                                         Map<String, String> traceHeaders) {
        CompletableFuture<byte[]> call = call(translator, translator.chatCall(request, target), target, credential,
                affinity, traceHeaders);
        return cancelling(call, call.thenApply(body -> {
            try {
                return translator.chatResponseForOpenAiCaller(body, target);
            } catch (IOException | RuntimeException e) {
                throw UpstreamFailures.invalidBody(target, e);
            }
        }));
    }

    public CompletableFuture<EmbeddingResponse> embeddings(ProviderTranslator translator, EmbeddingRequest request,
                                                           Target target, Credential credential, EventLoop affinity) {
        return embeddings(translator, request, target, credential, affinity, Map.of());
    }

    /** @param traceHeaders the trace context to pass on (W3C traceparent, tracestate), or none */
    public CompletableFuture<EmbeddingResponse> embeddings(ProviderTranslator translator, EmbeddingRequest request,
                                                           Target target, Credential credential, EventLoop affinity,
                                                           Map<String, String> traceHeaders) {
        CompletableFuture<byte[]> call = call(translator, translator.embeddingsCall(request, target), target,
                credential, affinity, traceHeaders);
        return cancelling(call, call.thenApply(body -> {
            try {
                return translator.embeddingsResponse(body, request, target);
            } catch (IOException | RuntimeException e) {
                throw UpstreamFailures.invalidBody(target, e);
            }
        }));
    }

    /**
     * Starts a streamed call. The future completes with the stream once its first chunk is ready, so failures
     * before then (status, refusal, a cut, no first chunk in time) are still plain errors.
     */
    public CompletableFuture<ChatStream> stream(ProviderTranslator translator, ChatRequest request, Target target,
                                                Credential credential, EventLoop affinity) {
        return stream(translator, request, target, credential, affinity, Map.of());
    }

    /** @param traceHeaders the trace context to pass on (W3C traceparent, tracestate), or none */
    public CompletableFuture<ChatStream> stream(ProviderTranslator translator, ChatRequest request, Target target,
                                                Credential credential, EventLoop affinity,
                                                Map<String, String> traceHeaders) {
        ChatStream stream = new ChatStream(request.wantsUsageInStream(), settings.streamBufferBytes());
        StreamRelay relay = new StreamRelay(target, translator, translator.streamTranslator(request, target), stream,
                credential, settings.maxEventBytes());
        CallAuthorizer authorizer = authorizer(translator, target);
        AnswerBody error = new AnswerBody(translator, authorizer, target, credential, settings.maxAnswerBytes());
        UpstreamExchange exchange = send(HttpMethod.POST, authorizer, translator.chatCall(request, target), target,
                credential, affinity, traceHeaders, new UpstreamListener() {
                    private boolean ok;

                    @Override
                    public void onHead(int status, HttpHeaders headers) {
                        ok = status / 100 == 2;
                        if (!ok && !error.onHead(status, headers)) {
                            relay.failBeforeFirstChunk(UpstreamFailures.tooLarge(target, settings.maxAnswerBytes()));
                        }
                    }

                    @Override
                    public void onContent(ByteBuf content) {
                        if (ok) {
                            relay.onBytes(content.nioBuffer());
                        } else if (!error.onContent(content)) {
                            relay.failBeforeFirstChunk(UpstreamFailures.tooLarge(target, settings.maxAnswerBytes()));
                        }
                    }

                    @Override
                    public void onComplete() {
                        if (ok) {
                            relay.onEnd();
                        } else {
                            relay.failBeforeFirstChunk(error.failure());
                        }
                    }

                    @Override
                    public void onError(Throwable failure) {
                        relay.onError(failure);
                    }
                });
        stream.onCancel(exchange::cancel);
        // A caller reading slowly: stop reading the provider while the stream holds its fill, go on when it drains.
        stream.onFullChange(() -> exchange.updateReading(() -> !stream.isFull()));
        Duration total = target.provider().requestTimeout();
        ScheduledFuture<?> deadline = transport.timerLoop(affinity).schedule(() -> {
            // Before the first chunk, the first-byte limit (never longer) answers with an HTTP error instead.
            if (relay.firstChunk().isDone()) {
                // Held up by its caller (the gateway stopped reading while it was full): not the provider's doing.
                stream.fail(stream.isFull() ? UpstreamFailures.callerTooSlow(target)
                        : UpstreamFailures.tooLong(target));
                stream.cancel();
            }
        }, total.toMillis(), TimeUnit.MILLISECONDS);
        relay.whenDone(() -> deadline.cancel(false));
        // A stream its caller left (or a hedged loser) has no answer to time: its timer would hold it until then.
        stream.onCancel(() -> deadline.cancel(false));
        return bounded(relay.firstChunk(), target, target.provider().firstByteTimeout(),
                () -> notStarted(target, exchange), stream::cancel);
    }

    @Override
    public void close() {
        transport.close();
        authorizers.close();
    }

    /** A plain call: the whole 2xx body, or the provider's error as a GatewayException. */
    private CompletableFuture<byte[]> call(ProviderTranslator translator, UpstreamCall call, Target target,
                                           Credential credential, EventLoop affinity, Map<String, String> trace) {
        return call(HttpMethod.POST, translator, call, target, credential, affinity, trace, settings.maxAnswerBytes());
    }

    /**
     * One call to a provider's own API beside chat (its batch API: files, batches), on no particular event loop:
     * the whole 2xx body up to maxBytes, or the provider's error as a GatewayException. The call's headers may set
     * its Content-Type (a multipart upload); a GET sends an empty body.
     */
    public CompletableFuture<byte[]> apiCall(HttpMethod method, ProviderTranslator translator, UpstreamCall call,
                                             Target target, Credential credential, int maxBytes) {
        return call(method, translator, call, target, credential, null, Map.of(), maxBytes);
    }

    private CompletableFuture<byte[]> call(HttpMethod method, ProviderTranslator translator, UpstreamCall call,
                                           Target target, Credential credential, EventLoop affinity,
                                           Map<String, String> trace, int maxBytes) {
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        CallAuthorizer authorizer = authorizer(translator, target);
        AnswerBody body = new AnswerBody(translator, authorizer, target, credential, maxBytes);
        GatewayException tooLarge = UpstreamFailures.tooLarge(target, maxBytes);
        AtomicReference<UpstreamExchange> sent = new AtomicReference<>();
        ScheduledFuture<?> noHead = transport.timerLoop(affinity).schedule(
                () -> answer.completeExceptionally(notStarted(target, sent.get())),
                target.provider().firstByteTimeout().toMillis(), TimeUnit.MILLISECONDS);
        answer.whenComplete((result, failure) -> noHead.cancel(false));
        UpstreamExchange exchange = send(method, authorizer, call, target, credential, affinity, trace,
                new UpstreamListener() {
            @Override
            public void onHead(int status, HttpHeaders headers) {
                noHead.cancel(false);
                if (!body.onHead(status, headers)) {
                    answer.completeExceptionally(tooLarge); // which closes the connection: nothing of it is read
                }
            }

            @Override
            public void onContent(ByteBuf content) {
                if (!body.onContent(content)) {
                    answer.completeExceptionally(tooLarge);
                }
            }

            @Override
            public void onComplete() {
                if (body.ok()) {
                    answer.complete(body.bytes());
                } else {
                    answer.completeExceptionally(body.failure());
                }
            }

            @Override
            public void onError(Throwable failure) {
                answer.completeExceptionally(failure);
            }
        });
        sent.set(exchange);
        return bounded(answer, target, target.provider().requestTimeout(), () -> UpstreamFailures.tooLong(target),
                exchange::cancel);
    }

    /** Why an answer has not started in time: the provider is slow, or the gateway had no connection for the call. */
    private static GatewayException notStarted(Target target, UpstreamExchange exchange) {
        return exchange != null && exchange.waitingForConnection() ? UpstreamFailures.noConnectionInTime(target)
                : UpstreamFailures.noFirstByte(target);
    }

    /**
     * A time limit on a call's answer (or a stream's first chunk); on any failure the call is cancelled, and the
     * failure becomes what the caller sees.
     */
    private static <T> CompletableFuture<T> bounded(CompletableFuture<T> answer, Target target, Duration limit,
                                                    Supplier<GatewayException> onTimeout, Runnable cancel) {
        return cancelling(answer, answer.orTimeout(limit.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((result, failure) -> {
                    if (failure != null) {
                        cancel.run();
                    }
                })
                .exceptionallyCompose(t -> CompletableFuture.failedFuture(
                        (t instanceof CompletionException ? t.getCause() : t) instanceof TimeoutException
                                ? onTimeout.get() : UpstreamFailures.fromThrowable(target, t))));
    }

    /** The derived future, whose cancellation (a caller that no longer wants the answer) cancels its source. */
    private static <T> CompletableFuture<T> cancelling(CompletableFuture<?> source, CompletableFuture<T> derived) {
        derived.whenComplete((result, failure) -> {
            if (failure instanceof CancellationException) {
                source.cancel(false);
            }
        });
        return derived;
    }

    private UpstreamExchange send(HttpMethod method, CallAuthorizer authorizer, UpstreamCall call, Target target,
                                  Credential credential, EventLoop affinity, Map<String, String> traceHeaders,
                                  UpstreamListener listener) {
        Map<String, String> headers = new HashMap<>(target.provider().headers());
        headers.putAll(traceHeaders);
        headers.put("Content-Type", "application/json");
        headers.putAll(call.headers());
        CompletableFuture<Map<String, String>> authorized = authorizer
                .authorize(call.uri(), headers, call.body(), credential, target);
        if (authorized.isDone() && !authorized.isCompletedExceptionally()) {
            return transport.send(method, call.uri(), authorized.join(), call.body(),
                    target.provider().connectTimeout(), affinity, listener);
        }
        // A credential still being fetched (an OAuth token): the call goes out once it is in, or fails with it.
        DeferredExchange deferred = new DeferredExchange();
        authorized.whenComplete((ready, failure) -> {
            if (failure != null) {
                if (deferred.cancelled()) {
                    return;
                }
                listener.onError(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure);
            } else {
                deferred.start(() -> transport.send(method, call.uri(), ready, call.body(),
                        target.provider().connectTimeout(), affinity, listener));
            }
        });
        return deferred;
    }

    private CallAuthorizer authorizer(ProviderTranslator translator, Target target) {
        return authorizers.forFormat(target.provider().format(), translator);
    }

    /** A call that starts once its credential is ready; cancelling it before then means it never goes out. */
    private static final class DeferredExchange implements UpstreamExchange {
        private UpstreamExchange started;
        private boolean cancelled;
        private BooleanSupplier reading;

        synchronized boolean cancelled() {
            return cancelled;
        }

        void start(Supplier<UpstreamExchange> post) {
            synchronized (this) {
                if (cancelled) {
                    return;
                }
            }
            UpstreamExchange exchange = post.get();
            BooleanSupplier wanted;
            boolean cancelledMeanwhile;
            synchronized (this) {
                started = exchange;
                wanted = reading;
                cancelledMeanwhile = cancelled;
            }
            if (cancelledMeanwhile) {
                exchange.cancel();
            } else if (wanted != null) {
                exchange.updateReading(wanted);
            }
        }

        @Override
        public void cancel() {
            UpstreamExchange exchange;
            synchronized (this) {
                cancelled = true;
                exchange = started;
            }
            if (exchange != null) {
                exchange.cancel();
            }
        }

        @Override
        public void updateReading(BooleanSupplier wanted) {
            UpstreamExchange exchange;
            synchronized (this) {
                reading = wanted;
                exchange = started;
            }
            if (exchange != null) {
                exchange.updateReading(wanted);
            }
        }

        @Override
        public synchronized boolean waitingForConnection() {
            return started != null && started.waitingForConnection();
        }
    }

    /**
     * Collects a response body up to a limit, never holding more than the limit (a declared Content-Length over it
     * is refused before any of the body is read), and turns an error status into what the caller sees.
     */
    private static final class AnswerBody {
        private final ProviderTranslator translator;
        private final CallAuthorizer authorizer;
        private final Target target;
        private final Credential credential;
        private final int limit;
        /** What a declared Content-Length lets the buffer grow to; the limit when none is declared. */
        private int ceiling;
        private byte[] bytes = new byte[0];
        private int size;
        private int status;
        private String retryAfter;

        AnswerBody(ProviderTranslator translator, CallAuthorizer authorizer, Target target, Credential credential,
                   int limit) {
            this.translator = translator;
            this.authorizer = authorizer;
            this.target = target;
            this.credential = credential;
            this.limit = limit;
        }

        /** False when the provider declares a body over the limit. */
        boolean onHead(int status, HttpHeaders headers) {
            this.status = status;
            this.retryAfter = headers.get("retry-after");
            long declared = declaredLength(headers);
            if (declared > limit) {
                return false;
            }
            ceiling = declared > 0 ? (int) declared : limit;
            bytes = new byte[Math.min(ceiling, 64 * 1024)];
            return true;
        }

        /** The Content-Length (the HTTP decoder has checked it is a number), or -1 when there is none. */
        private static long declaredLength(HttpHeaders headers) {
            String length = headers.get(HttpHeaderNames.CONTENT_LENGTH);
            try {
                return length == null ? -1 : Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        /** False when the body grew past the limit. */
        boolean onContent(ByteBuf content) {
            int n = content.readableBytes();
            if (n > limit - size) {
                return false;
            }
            if (size + n > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(size + n, (int) Math.min(ceiling, bytes.length * 2L)));
            }
            content.getBytes(content.readerIndex(), bytes, size, n);
            size += n;
            return true;
        }

        boolean ok() {
            return status / 100 == 2;
        }

        byte[] bytes() {
            return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
        }

        io.camelgateway.api.GatewayException failure() {
            UpstreamError error = translator.error(status, bytes());
            if (error.credentialRejected()) {
                authorizer.rejected(credential);
            }
            return UpstreamFailures.fromStatus(target, status, error, retryAfter, credential);
        }
    }
}
