package io.camelgateway.simulator;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * A test and benchmark tool that speaks the wire formats of OpenAI (and Azure OpenAI), Anthropic Messages and Google
 * Gemini on a real socket, answers deterministically, misbehaves on command ({@link Fault}) and records what it
 * received. It is a simulator for tests, never a provider.
 *
 * <p>Endpoints: {@code POST /v1/chat/completions}, {@code POST /v1/embeddings}, {@code GET /v1/models};
 * {@code POST /openai/deployments/{d}/chat/completions|embeddings?api-version=...}; {@code POST /v1/messages};
 * {@code POST /v1beta/models/{m}:generateContent|streamGenerateContent|embedContent|batchEmbedContents};
 * OpenAI's Batch API: {@code POST /v1/files}, {@code GET /v1/files/{id}/content}, {@code POST|GET /v1/batches},
 * {@code GET /v1/batches/{id}}, {@code POST /v1/batches/{id}/cancel} ({@link OpenAiBatches}); Anthropic's Message
 * Batches: {@code POST|GET /v1/messages/batches}, {@code GET /v1/messages/batches/{id}[/results]},
 * {@code POST /v1/messages/batches/{id}/cancel} ({@link AnthropicBatches}); Gemini's batch mode:
 * {@code POST /v1beta/models/{m}:batchGenerateContent}, {@code GET /v1beta/batches[/{id}]},
 * {@code POST /v1beta/batches/{id}:cancel} ({@link GeminiBatches}).
 * Control API: {@code POST|GET|DELETE /_sim/faults}, {@code GET|DELETE /_sim/requests},
 * {@code GET|POST /_sim/config} ({"requireKey": "...", "chunkDelayMs": N, "callsAtOnce": N, "holdStreams": N}),
 * {@code POST /_sim/streams/release},
 * {@code POST /_sim/batches} ({"takesMs": N, "fail": bool, "erroredLines": [..], "expiredLines": [..]}: how the
 * batches made from then on run, {@link BatchPlan}).
 */
public final class ProviderSimulator implements AutoCloseable {
    /** The AWS access key id the simulator's Bedrock knows from the start. */
    public static final String AWS_ACCESS_KEY_ID = "AKIA" + "SIMULATOR0000001"; // in two parts: not a real key
    /** Its secret access key, which Bedrock requests must be signed with. */
    public static final String AWS_SECRET_ACCESS_KEY = "sim/bedrock/secret/key/0000000000000000000";
    /** Access tokens the token endpoint has issued, with their expiry; the oldest are forgotten past this. */
    private static final int MAX_ACCESS_TOKENS = 10_000;

    /** How many requests {@link #received()} keeps (the most recent). */
    public static final int MAX_RECORDED = 10_000;

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel serverChannel;
    private final String host;
    private final int port;
    private final String scheme;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicInteger openStreams = new AtomicInteger();
    private final AtomicInteger abandonedStreams = new AtomicInteger();
    private final AtomicInteger abandonedCalls = new AtomicInteger();
    private final AtomicInteger openConnections = new AtomicInteger();
    private final AtomicInteger peakConnections = new AtomicInteger();
    private final AtomicLong streamBytes = new AtomicLong();
    private final AtomicLong bodyBytes = new AtomicLong();
    private final CallLimit callLimit = new CallLimit();
    private final StreamHold streamHold = new StreamHold();

    private final ArrayDeque<RecordedRequest> recorded = new ArrayDeque<>();
    private final List<PendingFault> faults = new ArrayList<>();
    private volatile boolean hasFaults;
    private volatile String requiredKey;
    private final Map<String, String> awsSecrets = new java.util.concurrent.ConcurrentHashMap<>(
            Map.of(AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY));
    private volatile java.security.interfaces.RSAPublicKey serviceAccountKey;
    private volatile Duration accessTokenLifetime = Duration.ofHours(1);
    private final Map<String, java.time.Instant> accessTokens = Collections.synchronizedMap(
            new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, java.time.Instant> eldest) {
                    return size() > MAX_ACCESS_TOKENS;
                }
            });
    private final AtomicInteger accessTokensIssued = new AtomicInteger();
    private volatile long chunkDelayNanos;

    private static final class PendingFault {
        final Fault fault;
        int remaining;
        /** Matching requests seen, for faults that apply to every n-th one. */
        long seen;

        PendingFault(Fault fault) {
            this.fault = fault;
            this.remaining = fault.times();
        }
    }

    private ProviderSimulator(String bindHost, int requestedPort, SslContext tls) {
        boss = new NioEventLoopGroup(1, new DefaultThreadFactory("sim-boss", true));
        workers = new NioEventLoopGroup(2, new DefaultThreadFactory("sim-worker", true));
        SimulatorHandler handler = new SimulatorHandler(this);
        ConnectionCounter counter = new ConnectionCounter();
        try {
            ServerBootstrap b = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (tls != null) {
                                ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                            }
                            ch.pipeline().addLast(
                                    counter,
                                    new HttpServerCodec(),
                                    callLimit,
                                    new HttpServerExpectContinueHandler(),
                                    new HttpObjectAggregator(10 * 1024 * 1024),
                                    handler);
                        }
                    });
            serverChannel = b.bind(bindHost, requestedPort).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw new IllegalStateException("cannot start the provider simulator on " + bindHost + ":"
                    + requestedPort, e);
        }
        host = bindHost.equals("0.0.0.0") || bindHost.equals("::") ? "127.0.0.1" : bindHost;
        port = ((java.net.InetSocketAddress) serverChannel.localAddress()).getPort();
        scheme = tls == null ? "http" : "https";
    }

    /** Starts a simulator on 127.0.0.1 at this port (0 = an ephemeral port). */
    public static ProviderSimulator start(int port) {
        return start("127.0.0.1", port);
    }

    /** Starts a simulator bound to this host (e.g. 0.0.0.0 for containers) at this port (0 = ephemeral). */
    public static ProviderSimulator start(String bindHost, int port) {
        return new ProviderSimulator(bindHost, port, null);
    }

    /** Starts a simulator that speaks HTTPS with this server TLS context, on 127.0.0.1 (0 = an ephemeral port). */
    public static ProviderSimulator startTls(int port, SslContext tls) {
        return new ProviderSimulator("127.0.0.1", port, tls);
    }

    public int port() {
        return port;
    }

    /** E.g. http://127.0.0.1:9090 */
    public String baseUrl() {
        return scheme + "://" + host + ":" + port;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        serverChannel.close().syncUninterruptibly();
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.terminationFuture().awaitUninterruptibly(3, TimeUnit.SECONDS);
        boss.terminationFuture().awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    // ---------------------------------------------------------------- recording

    /** The requests received so far (the last {@value #MAX_RECORDED}), oldest first; control requests excluded. */
    public List<RecordedRequest> received() {
        synchronized (recorded) {
            return List.copyOf(recorded);
        }
    }

    public void clearReceived() {
        synchronized (recorded) {
            recorded.clear();
        }
    }

    void record(String method, String path, String query, HttpHeaders headers, String body) {
        Map<String, String> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, String>> it = headers.iteratorAsString(); it.hasNext(); ) {
            Map.Entry<String, String> e = it.next();
            map.merge(e.getKey().toLowerCase(Locale.ROOT), e.getValue(), (a, b) -> a + ", " + b);
        }
        RecordedRequest r = new RecordedRequest(method, path, query, Collections.unmodifiableMap(map), body);
        synchronized (recorded) {
            recorded.addLast(r);
            if (recorded.size() > MAX_RECORDED) {
                recorded.removeFirst();
            }
        }
    }

    // ---------------------------------------------------------------- faults

    /** Queues a fault; faults are consumed first-in first-out among those matching a request's path. */
    public void enqueue(Fault fault) {
        synchronized (faults) {
            faults.add(new PendingFault(fault));
            hasFaults = true;
        }
    }

    public void clearFaults() {
        synchronized (faults) {
            faults.clear();
            hasFaults = false;
        }
    }

    List<Fault> pendingFaults() {
        synchronized (faults) {
            List<Fault> out = new ArrayList<>();
            for (PendingFault p : faults) {
                out.add(p.remaining == p.fault.times() ? p.fault : p.fault.withTimes(p.remaining));
            }
            return out;
        }
    }

    /** Takes the first fault that matches this path (consuming one of its uses), or null. */
    Fault takeFault(String path) {
        if (!hasFaults) {
            return null;
        }
        synchronized (faults) {
            for (Iterator<PendingFault> it = faults.iterator(); it.hasNext(); ) {
                PendingFault p = it.next();
                if (p.fault.pathContains() == null || path.contains(p.fault.pathContains())) {
                    if (p.seen++ % p.fault.every() != 0) {
                        return null; // this one is answered normally
                    }
                    if (p.remaining > 0 && --p.remaining == 0) {
                        it.remove();
                        hasFaults = !faults.isEmpty();
                    }
                    return p.fault;
                }
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- settings

    /** Bedrock's SigV4 check accepts signatures made with this secret for this access key id (and no other). */
    public void knowAwsKey(String accessKeyId, String secret) {
        awsSecrets.put(accessKeyId, secret);
    }

    /** Bedrock's SigV4 check: these secrets, by access key id, are the ones AWS knows (and no others). */
    Map<String, String> awsSecrets() {
        return awsSecrets;
    }

    /** The token endpoint ({@code POST /token}) trusts assertions signed by this service-account key. */
    public void trustServiceAccountKey(java.security.interfaces.RSAPublicKey key) {
        this.serviceAccountKey = key;
    }

    java.security.interfaces.RSAPublicKey trustedServiceAccountKey() {
        return serviceAccountKey;
    }

    /** How long the access tokens the token endpoint issues from now on are valid (an hour at first). */
    public void accessTokenLifetime(Duration lifetime) {
        this.accessTokenLifetime = lifetime;
    }

    Duration accessTokenLifetime() {
        return accessTokenLifetime;
    }

    String issueAccessToken() {
        String token = "ya29.sim-" + accessTokensIssued.incrementAndGet() + "-" + nextId();
        accessTokens.put(token, java.time.Instant.now().plus(accessTokenLifetime));
        return token;
    }

    boolean accessTokenValid(String token) {
        java.time.Instant expiry = accessTokens.get(token);
        return expiry != null && java.time.Instant.now().isBefore(expiry);
    }

    /** Revokes every access token issued so far: Vertex refuses them from now on (401 UNAUTHENTICATED). */
    public void revokeAccessTokens() {
        accessTokens.clear();
    }

    /** Access tokens the token endpoint has issued so far. */
    public int accessTokensIssued() {
        return accessTokensIssued.get();
    }

    /** When set, only this key is accepted (in every format); when null, any non-empty key is. */
    public void requireKey(String key) {
        this.requiredKey = key;
    }

    String requiredKey() {
        return requiredKey;
    }

    boolean keyAccepted(String key) {
        String required = requiredKey;
        return key != null && !key.isEmpty() && (required == null || required.equals(key));
    }

    /** The default delay between streamed chunks (initially zero). */
    public void chunkDelay(Duration delay) {
        if (delay == null || delay.isNegative()) {
            throw new IllegalArgumentException("chunk delay must be zero or positive");
        }
        this.chunkDelayNanos = delay.toNanos();
    }

    private final java.util.Set<String> cachedPrefixes = java.util.concurrent.ConcurrentHashMap.newKeySet();

    long defaultChunkDelayNanos() {
        return chunkDelayNanos;
    }

    long nextId() {
        return ids.incrementAndGet();
    }

    private final OpenAiBatches openAiBatches = new OpenAiBatches(this);
    private final AnthropicBatches anthropicBatches = new AnthropicBatches(this);
    private final GeminiBatches geminiBatches = new GeminiBatches(this);
    private volatile BatchPlan batchPlan = BatchPlan.QUICK;

    /** How the batches made from now on run (how long they take, which lines fail or expire). */
    public void planBatches(BatchPlan plan) {
        this.batchPlan = plan;
    }

    BatchPlan batchPlan() {
        return batchPlan;
    }

    OpenAiBatches openAiBatches() {
        return openAiBatches;
    }

    AnthropicBatches anthropicBatches() {
        return anthropicBatches;
    }

    GeminiBatches geminiBatches() {
        return geminiBatches;
    }

    /** True when a prompt prefix marked for caching was seen before (a cache read), false the first time (a write). */
    boolean cachedBefore(String prefix) {
        return !cachedPrefixes.add(prefix);
    }

    // ---------------------------------------------------------------- command line

    /**
     * The next {@code streams} streams send their response head, then wait before their first event until
     * {@link #releaseStreams()}: a benchmark opens them all before any is answered. 0 holds none.
     */
    public void holdStreams(int streams) {
        streamHold.holdNext(streams);
    }

    /** Streams waiting now for {@link #releaseStreams()}. */
    public int streamsHeld() {
        return streamHold.held();
    }

    /** Lets every held stream go on and holds no more; returns how many were held. */
    public int releaseStreams() {
        return streamHold.release();
    }

    StreamHold streamHold() {
        return streamHold;
    }

    /** Streams being written right now. */
    public int openStreams() {
        return openStreams.get();
    }

    /** Streams whose client went away before the last event, so the simulator stopped writing them. */
    public int abandonedStreams() {
        return abandonedStreams.get();
    }

    /** Delayed answers whose client had gone away (closed the connection) by the time they were due. */
    public int abandonedCalls() {
        return abandonedCalls.get();
    }

    void callAbandoned() {
        abandonedCalls.incrementAndGet();
    }

    void streamOpened() {
        openStreams.incrementAndGet();
    }

    void streamEnded() {
        openStreams.decrementAndGet();
    }

    void streamAbandoned() {
        openStreams.decrementAndGet();
        abandonedStreams.incrementAndGet();
    }

    /**
     * Answers calls beyond this many under way at once with OpenAI's rate-limit 429 (its body, x-ratelimit-*
     * headers and Retry-After), as a provider enforcing its limit would; 0 lifts the limit.
     */
    public void limitCallsAtOnce(int calls) {
        callLimit.limit(calls);
    }

    CallLimit callLimit() {
        return callLimit;
    }

    /** Calls under way now (answers not yet fully written). */
    public int callsUnderWay() {
        return callLimit.underWay();
    }

    /** The most calls under way at once since the last {@link #resetCallCounts()}. */
    public int peakCallsUnderWay() {
        return callLimit.peak();
    }

    /** Calls answered 429 for the call limit since the last {@link #resetCallCounts()}. */
    public int callsRefusedByLimit() {
        return callLimit.refused();
    }

    public void resetCallCounts() {
        callLimit.resetCounts();
    }

    /** Client connections open now. */
    public int openConnections() {
        return openConnections.get();
    }

    /** The most client connections open at once since the last {@link #resetPeakConnections()}. */
    public int peakConnections() {
        return peakConnections.get();
    }

    public void resetPeakConnections() {
        peakConnections.set(openConnections.get());
    }

    /** Bytes of streamed events the client has taken (written to its socket), over all streams. */
    public long streamBytesWritten() {
        return streamBytes.get();
    }

    /** Bytes of {@link Fault#hugeBody} answers the client has taken, over all of them. */
    public long bodyBytesWritten() {
        return bodyBytes.get();
    }

    void streamBytesWritten(int n) {
        streamBytes.addAndGet(n);
    }

    void bodyBytesWritten(int n) {
        bodyBytes.addAndGet(n);
    }

    /** Counts the client connections open at once. */
    @ChannelHandler.Sharable
    private final class ConnectionCounter extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            peakConnections.accumulateAndGet(openConnections.incrementAndGet(), Math::max);
            ctx.fireChannelActive();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            openConnections.decrementAndGet();
            ctx.fireChannelInactive();
        }
    }

    /** {@code --port N} (default 9090), {@code --host H} (default 127.0.0.1). Runs until killed. */
    public static void main(String[] args) {
        int port = 9090;
        String bindHost = "127.0.0.1";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--host" -> bindHost = args[++i];
                default -> {
                    System.err.println("usage: ProviderSimulator [--port N] [--host H]");
                    System.exit(2);
                }
            }
        }
        ProviderSimulator sim = start(bindHost, port);
        Runtime.getRuntime().addShutdownHook(new Thread(sim::close, "sim-shutdown"));
        System.out.println("provider simulator listening on " + sim.baseUrl() + " (a test tool, not a provider)");
        sim.serverChannel.closeFuture().syncUninterruptibly();
    }
}
