package io.camelgateway.component;

import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultAsyncProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelgateway.api.ChatCompletion;
import io.camelgateway.api.ChatCompletionAsSent;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.ChatStream;
import io.camelgateway.api.EmbeddingRequest;
import io.camelgateway.api.EmbeddingResponse;
import io.camelgateway.api.GatewayException;
import io.camelgateway.api.ProviderFaultException;
import io.camelgateway.api.Usage;
import io.camelgateway.config.ProviderConfig;
import io.camelgateway.credentials.Credential;
import io.camelgateway.credentials.CredentialChooser;
import io.camelgateway.credentials.CredentialStore;
import io.camelgateway.metering.TokenEstimate;
import io.camelgateway.provider.ProviderClient;
import io.camelgateway.provider.UpstreamFailures;
import io.camelgateway.provider.Target;
import io.camelgateway.resilience.PoolAttempts;
import io.camelgateway.resilience.ProviderBreakers;
import io.camelgateway.resilience.ProviderQueue;
import io.camelgateway.metering.RoughTokens;

/**
 * Sends the body (a ChatRequest or an EmbeddingRequest) to the endpoint's provider without blocking, and sets
 * the answer as the body: a ChatCompletion (or, for a caller who speaks OpenAI's format, a ChatCompletionAsSent), a
 * ChatStream once its first chunk is in, or an EmbeddingResponse.
 */
public class LlmProducer extends DefaultAsyncProducer {
    private static final Logger LOG = LoggerFactory.getLogger(LlmProducer.class);
    private static final String TRACEPARENT = "traceparent";
    private static final String TRACESTATE = "tracestate";

    LlmProducer(LlmEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public LlmEndpoint getEndpoint() {
        return (LlmEndpoint) super.getEndpoint();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        Object body = exchange.getMessage().getBody();
        Target target;
        try {
            target = target(exchange, body);
        } catch (RuntimeException e) {
            exchange.setException(ProviderFaultException.classify(e));
            callback.done(true);
            return true;
        }
        ProviderQueue queue = getEndpoint().queue();
        if (queue == null) {
            return call(exchange, callback, body, target, null, true);
        }
        CompletableFuture<ProviderQueue.Slot> admission = queue.admit(target.upstreamModel(),
                RoughTokens.of(body), exchange.getProperty(LlmConstants.WAIT_FOR_SLOT, true, Boolean.class));
        if (admission.isDone() && !admission.isCompletedExceptionally()) {
            return call(exchange, callback, body, target, admission.join(), true);
        }
        if (admission.isDone()) {
            exchange.setException(refusal(target, admission)); // the gateway's own limit: no provider fault
            callback.done(true);
            return true;
        }
        CompletableFuture<?> cancel = exchange.getProperty(LlmConstants.CANCEL, CompletableFuture.class);
        if (cancel != null) {
            cancel.whenComplete((x, y) -> admission.cancel(false)); // a fan-out that no longer needs this answer
        }
        Channel caller = callerChannel(exchange);
        ChannelFutureListener leaveWhenCallerLeaves = closed -> admission.cancel(false);
        if (caller != null) {
            caller.closeFuture().addListener(leaveWhenCallerLeaves); // a caller gone while waiting is never sent
        }
        admission.whenComplete((slot, failure) -> {
            if (caller != null) {
                caller.closeFuture().removeListener(leaveWhenCallerLeaves);
            }
            Runnable resume = () -> {
                if (failure != null) {
                    exchange.setException(UpstreamFailures.fromThrowable(target, failure));
                    callback.done(false);
                } else {
                    call(exchange, callback, body, target, slot, false);
                }
            };
            CallerLoop.of(exchange).execute(resume); // back on its connection's event loop
        });
        return false;
    }

    private static GatewayException refusal(Target target, CompletableFuture<?> refused) {
        return UpstreamFailures.fromThrowable(target, refused.handle((slot, failure) -> failure).join());
    }

    /**
     * Makes the call once it holds its slot (null when the provider has no limits of its own), and gives the
     * slot back when the answer ends: a plain answer when it is in, a stream when its last chunk is or the caller
     * goes away. Returns true when done at once, which counts only when {@code sync}.
     */
    private boolean call(Exchange exchange, AsyncCallback callback, Object body, Target target,
                         ProviderQueue.Slot slot, boolean sync) {
        if (slot != null && slot.waitedNanos() > 0) {
            AtomicLong providerTime = exchange.getProperty(LlmConstants.PROVIDER_NANOS, AtomicLong.class);
            if (providerTime != null) {
                providerTime.addAndGet(slot.waitedNanos()); // waiting for the provider's limit is not overhead
            }
        }
        CompletableFuture<?> answer;
        CircuitBreaker breaker = null;
        long start = System.nanoTime();
        try {
            Credential credential = credential(exchange, target);
            CircuitBreaker candidate = getEndpoint().breaker(); // target() is always this endpoint's provider
            if (!candidate.tryAcquirePermission()) {
                throw ProviderBreakers.open(target.providerName());
            }
            breaker = candidate;
            EventLoop loop = callerEventLoop(exchange);
            Map<String, String> trace = traceContext(exchange);
            boolean asSent = exchange.getProperty(LlmConstants.ANSWER_AS_SENT, false, Boolean.class);
            Function<Credential, CompletableFuture<?>> send = key -> send(body, target, key, loop, trace, asSent);
            answer = againWithRereadKey(send.apply(credential), send, exchange, target, credential);
        } catch (RuntimeException e) {
            if (breaker != null) {
                breaker.releasePermission();
            }
            if (slot != null) {
                slot.release(-1);
            }
            exchange.setException(ProviderFaultException.classify(e));
            callback.done(sync);
            return true;
        }
        CircuitBreaker outcome = breaker;
        Object request = exchange.getMessage().getBody();
        String operation = request instanceof EmbeddingRequest ? LlmCall.EMBEDDINGS : LlmCall.CHAT;
        String requestedModel = request instanceof ChatRequest chat ? chat.model
                : request instanceof EmbeddingRequest embedding ? embedding.model : null;
        LlmCallListener listener = getEndpoint().getComponent().getCallListener();
        CompletableFuture<?> cancel = exchange.getProperty(LlmConstants.CANCEL, CompletableFuture.class);
        if (cancel != null) {
            CompletableFuture<?> call = answer;
            cancel.whenComplete((x, y) -> call.cancel(false)); // a fan-out that no longer needs this answer
        }
        answer.whenComplete((result, failure) -> {
            long nanos = System.nanoTime() - start;
            AtomicLong providerTime = exchange.getProperty(LlmConstants.PROVIDER_NANOS, AtomicLong.class);
            if (providerTime != null) {
                providerTime.addAndGet(nanos);
            }
            if (failure != null) {
                if (slot != null) {
                    slot.release(-1);
                }
                GatewayException cause = UpstreamFailures.fromThrowable(target, failure);
                if (cause.providerFault()) {
                    outcome.onError(nanos, TimeUnit.NANOSECONDS, cause);
                } else {
                    outcome.releasePermission(); // a caller's error or a cancelled call says nothing of the provider
                }
                listener.ended(exchange, new LlmCall(target, operation, requestedModel, 0, 0, cause, nanos, -1));
                exchange.setException(ProviderFaultException.classify(cause));
            } else {
                if (result instanceof ChatStream stream) {
                    reportWhenEnded(stream, outcome, start);
                    stream.onEnd(error -> {
                        Usage usage = stream.usage();
                        boolean estimated = usage == null && request instanceof ChatRequest;
                        if (estimated) { // a server that ignores stream_options, or a stream cut before its usage
                            usage = TokenEstimate.chat((ChatRequest) request, stream.answerSample(),
                                    stream.answerChars());
                        }
                        listener.ended(exchange, usage != null && !estimated
                                ? LlmCall.reported(target, operation, requestedModel, usage, error,
                                System.nanoTime() - start, nanos)
                                : new LlmCall(target, operation, requestedModel,
                                usage == null ? 0 : usage.promptTokens, usage == null ? 0 : usage.completionTokens,
                                error, System.nanoTime() - start, nanos, estimated));
                    });
                    if (slot != null) {
                        releaseWhenEnded(stream, slot);
                    }
                } else {
                    outcome.onSuccess(nanos, TimeUnit.NANOSECONDS);
                    listener.ended(exchange, plainCall(target, operation, request, requestedModel, result, nanos));
                    if (slot != null) {
                        slot.release(RoughTokens.used(result));
                    }
                }
                exchange.getMessage().setBody(result);
                exchange.getMessage().setHeader(LlmConstants.PROVIDER, target.providerName());
                exchange.getMessage().setHeader(LlmConstants.MODEL, target.upstreamModel());
                exchange.getMessage().setHeader(LlmConstants.ATTEMPTS,
                        Math.max(1, PoolAttempts.of(exchange))); // retries and a pool's tries included
            }
            callback.done(false);
        });
        return false;
    }

    /** A stream holds its provider slot until its last chunk is in, or until the caller goes away. */
    private static void releaseWhenEnded(ChatStream stream, ProviderQueue.Slot slot) {
        stream.onEnd(error -> slot.release(RoughTokens.used(stream)));
        stream.onCancel(() -> slot.release(-1));
    }

    private CompletableFuture<?> send(Object body, Target target, Credential credential, EventLoop loop,
                                      Map<String, String> trace, boolean asSent) {
        ProviderClient client = getEndpoint().getComponent().getClient();
        var translator = getEndpoint().translator();
        if (body instanceof ChatRequest chat) {
            return chat.streaming() ? client.stream(translator, chat, target, credential, loop, trace)
                    : asSent ? client.chatForOpenAiCaller(translator, chat, target, credential, loop, trace)
                    : client.chat(translator, chat, target, credential, loop, trace);
        }
        if (body instanceof EmbeddingRequest embedding) {
            return client.embeddings(translator, embedding, target, credential, loop, trace);
        }
        throw new IllegalArgumentException(getEndpoint() + " takes a ChatRequest or an EmbeddingRequest body, not "
                + (body == null ? "null" : body.getClass().getName()));
    }

    /**
     * The call's answer; but when the provider refuses the gateway's key (it may have been rotated), the key's
     * reference is read again at once and, if it now holds another key, the call is made once more with that one.
     * Only once: the second call's outcome is final. A key that cannot change (env:, a literal) is not retried.
     */
    private CompletableFuture<?> againWithRereadKey(CompletableFuture<?> first,
                                                    Function<Credential, CompletableFuture<?>> send,
                                                    Exchange exchange, Target target, Credential used) {
        CredentialStore store = getEndpoint().getComponent().getCredentials();
        if (store == null || used.reference() == null) {
            return first;
        }
        CompletableFuture<Object> answer = new CompletableFuture<>();
        AtomicReference<CompletableFuture<?>> inFlight = new AtomicReference<>(first);
        answer.whenComplete((result, failure) -> {
            if (failure instanceof CancellationException) {
                inFlight.get().cancel(false);
            }
        });
        first.whenComplete((result, failure) -> {
            if (failure == null) {
                answer.complete(result);
            } else if (!keyRefused(target, failure)) {
                answer.completeExceptionally(failure);
            } else {
                store.reread(used).whenComplete((fresh, readFailure) -> {
                    if (readFailure != null || fresh.isEmpty() || answer.isDone()) {
                        answer.completeExceptionally(failure);
                        return;
                    }
                    LOG.info("Provider {} refused the gateway's key; {} holds another now: trying once more with it",
                            target.providerName(), used.reference());
                    exchange.setProperty(LlmConstants.CREDENTIAL, fresh.get());
                    try {
                        CompletableFuture<?> second = send.apply(fresh.get());
                        inFlight.set(second);
                        if (answer.isCancelled()) {
                            second.cancel(false); // cancelled while the key was being read again
                        }
                        second.whenComplete((again, againFailure) -> {
                            if (againFailure == null) {
                                answer.complete(again);
                            } else {
                                answer.completeExceptionally(againFailure);
                            }
                        });
                    } catch (RuntimeException e) {
                        answer.completeExceptionally(e);
                    }
                });
            }
        });
        return answer;
    }

    private static boolean keyRefused(Target target, Throwable failure) {
        return UpstreamFailures.CREDENTIAL_REJECTED.equals(UpstreamFailures.fromThrowable(target, failure).code());
    }

    private static LlmCall plainCall(Target target, String operation, Object request, String requestedModel,
                                     Object answer, long nanos) {
        if (answer instanceof ChatCompletion chat && chat.usage != null) {
            return LlmCall.reported(target, operation, requestedModel, chat.usage, null, nanos, -1);
        }
        if (answer instanceof ChatCompletionAsSent asSent && asSent.usage() != null) {
            return LlmCall.reported(target, operation, requestedModel, asSent.usage(), null, nanos, -1);
        }
        if (answer instanceof EmbeddingResponse embedding && embedding.usage != null) {
            return new LlmCall(target, operation, requestedModel, embedding.usage.promptTokens, 0, null, nanos, -1);
        }
        ChatCompletion chat = request instanceof ChatRequest ? parsedOrNull(answer) : null;
        if (chat != null) {
            String text = chat.choices == null || chat.choices.isEmpty() || chat.choices.get(0).message == null ? ""
                    : chat.choices.get(0).message.text();
            Usage usage = TokenEstimate.chat((ChatRequest) request, text, text.length());
            return new LlmCall(target, operation, requestedModel, usage.promptTokens, usage.completionTokens, null,
                    nanos, -1, true);
        }
        if (request instanceof EmbeddingRequest asked) {
            return new LlmCall(target, operation, requestedModel, TokenEstimate.embeddings(asked), 0, null, nanos,
                    -1, true);
        }
        return new LlmCall(target, operation, requestedModel, 0, 0, null, nanos, -1);
    }

    /** The plain chat answer, read if it came as sent; null when it is not one or cannot be read whole. */
    private static ChatCompletion parsedOrNull(Object answer) {
        try {
            return ChatCompletion.of(answer);
        } catch (GatewayException unreadable) {
            return null; // a field the gateway does not need: the answer still goes to its caller as it was sent
        }
    }

    /**
     * A stream's outcome reaches the breaker when it ends: a cut or a stall after the first chunk is the
     * provider's failure too. A caller who went away says nothing about the provider.
     */
    private static void reportWhenEnded(ChatStream stream, CircuitBreaker breaker, long start) {
        AtomicBoolean reported = new AtomicBoolean();
        stream.onEnd(error -> {
            if (reported.compareAndSet(false, true)) {
                long nanos = System.nanoTime() - start;
                if (error == null) {
                    breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
                } else if (error.providerFault() && !stream.isCancelled()) {
                    breaker.onError(nanos, TimeUnit.NANOSECONDS, error);
                } else {
                    breaker.releasePermission();
                }
            }
        });
        stream.onCancel(() -> {
            if (reported.compareAndSet(false, true)) {
                breaker.releasePermission();
            }
        });
    }

    /**
     * The credential a route step put on the exchange for this provider, or else the one the component's chooser
     * picks for the caller (a fan-out member's call), or else the one in its credential store. A credential for
     * another provider is never sent here.
     */
    private Credential credential(Exchange exchange, Target target) {
        Credential credential = exchange.getProperty(LlmConstants.CREDENTIAL, Credential.class);
        if (credential != null && credential.provider().equals(target.providerName())) {
            return credential;
        }
        CredentialChooser chooser = getEndpoint().getComponent().getCredentialChooser();
        if (chooser != null) {
            return chooser.choose(exchange, target);
        }
        CredentialStore store = getEndpoint().getComponent().getCredentials();
        if (store == null) {
            throw new IllegalStateException("No credential for provider '" + target.providerName()
                    + "' on the exchange (property " + LlmConstants.CREDENTIAL
                    + ") and no credential store on the llm component: add the credentialEnricher step before "
                    + getEndpoint());
        }
        return store.require(target.provider());
    }

    /** The W3C trace context Camel's tracing put on the message for this send, when the component passes it on. */
    private Map<String, String> traceContext(Exchange exchange) {
        if (!getEndpoint().getComponent().isPassTraceContext()) {
            return Map.of();
        }
        String parent = exchange.getMessage().getHeader(TRACEPARENT, String.class);
        if (parent == null) {
            return Map.of();
        }
        String state = exchange.getMessage().getHeader(TRACESTATE, String.class);
        return state == null ? Map.of(TRACEPARENT, parent) : Map.of(TRACEPARENT, parent, TRACESTATE, state);
    }

    /** The Netty connection the request came in on, when it came in over Netty HTTP. */
    private static Channel callerChannel(Exchange exchange) {
        ChannelHandlerContext ctx = exchange.getMessage().getHeader(LlmConstants.CALLER_CHANNEL,
                ChannelHandlerContext.class);
        return ctx == null ? null : ctx.channel();
    }

    /** The event loop of the Netty connection the request came in on, when it came in over Netty HTTP. */
    private static EventLoop callerEventLoop(Exchange exchange) {
        ChannelHandlerContext ctx = exchange.getMessage().getHeader(LlmConstants.CALLER_CHANNEL,
                ChannelHandlerContext.class);
        return ctx == null ? null : ctx.channel().eventLoop();
    }

    private Target target(Exchange exchange, Object body) {
        Target fixed = getEndpoint().fixedTarget();
        if (fixed != null) {
            return fixed;
        }
        ProviderConfig provider = getEndpoint().providerConfig();
        Target target = exchange.getProperty(LlmConstants.TARGET, Target.class);
        if (target != null && target.providerName().equals(provider.name())) {
            return target.provider() == provider ? target
                    : new Target(provider, target.upstreamModel(), target.requestedModel());
        }
        // Called directly (llm:openai from a user's own route): the body's model is the provider's model name.
        String model = body instanceof ChatRequest chat ? chat.model
                : body instanceof EmbeddingRequest e ? e.model : null;
        return new Target(provider, model, model);
    }
}
