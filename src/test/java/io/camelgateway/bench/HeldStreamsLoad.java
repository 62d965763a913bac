package io.camelgateway.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The load of src/bench/streams.sh: N streamed chat requests held open at once, each on its own connection, all
 * opened before the provider simulator sends any stream's first event (its {@code holdStreams}), through whatever
 * serves the URL (the gateway, a peer, or the simulator itself).
 * <ol>
 *   <li>One stream, not held, gives the answer's text every stream must carry.</li>
 *   <li>The simulator holds the next N streams; they are all opened (at most {@value #CONNECTS_AT_ONCE} connects under
 *       way at a time) until the simulator holds N, or every one not held has ended.</li>
 *   <li>With them held, {@code probes} more streams, one after another on a new connection each (not held): the
 *       time from the connect to the first token (the first non-empty {@code delta.content}).</li>
 *   <li>It prints {@code held-streams ready} and waits until the file {@code release-when} exists (the benchmark
 *       measures the server meanwhile), then releases them and waits for every stream to end.</li>
 * </ol>
 * A stream is whole when it was a 200, its text is the reference's, and {@code data: [DONE]} was its last event.
 * Two Netty event loops and a few hundred bytes a stream: 10,000 streams fit in a small heap.
 * <p>
 * Usage: {@code HeldStreamsLoad <chat completions URL> <key> <model> <streams> <probes> <simulator base URL>
 * <release-when file> ["Header: value"...]}
 */
public final class HeldStreamsLoad {
    private static final int CONNECTS_AT_ONCE = 256;
    /** Bytes of one unfinished event a stream keeps; an answer with a longer one fails. */
    private static final int MAX_EVENT_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    private final String key;
    private final String model;
    private final List<String[]> extraHeaders;
    private final EventLoopGroup loops = new NioEventLoopGroup(2, new DefaultThreadFactory("held-streams", true));
    private final Bootstrap bootstrap;
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private volatile String reference;

    private HeldStreamsLoad(URI url, String key, String model, List<String[]> extraHeaders) {
        this.url = url;
        this.key = key;
        this.model = model;
        this.extraHeaders = extraHeaders;
        this.bootstrap = new Bootstrap().group(loops).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 7) {
            System.err.println("usage: HeldStreamsLoad <chat completions URL> <key> <model> <streams> <probes> "
                    + "<simulator base URL> <release-when file> [\"Header: value\"...]");
            System.exit(2);
        }
        List<String[]> headers = new ArrayList<>();
        for (String h : Arrays.asList(args).subList(7, args.length)) {
            int colon = h.indexOf(':');
            headers.add(new String[] {h.substring(0, colon).trim(), h.substring(colon + 1).trim()});
        }
        HeldStreamsLoad load = new HeldStreamsLoad(URI.create(args[0]), args[1], args[2], headers);
        SimulatorControl simulator = new SimulatorControl(URI.create(args[5]));
        try {
            load.run(Integer.parseInt(args[3]), Integer.parseInt(args[4]), simulator, Path.of(args[6]));
        } finally {
            load.loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private void run(int streams, int probes, SimulatorControl simulator, Path releaseWhen) throws Exception {
        simulator.holdStreams(0);
        Stream first = open();
        if (!first.ended.await(30, TimeUnit.SECONDS) || first.status != 200 || !first.done) {
            System.out.println("held-streams failed: the first stream (not held) was not whole: " + first.why());
            System.exit(1);
        }
        reference = first.text.toString();

        simulator.holdStreams(streams);
        long openStart = System.nanoTime();
        List<Stream> held = new ArrayList<>(streams);
        Semaphore connecting = new Semaphore(CONNECTS_AT_ONCE);
        for (int i = 0; i < streams; i++) {
            connecting.acquire();
            Stream s = open();
            s.connected.whenComplete((ok, e) -> connecting.release());
            held.add(s);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        int atSimulator = 0;
        while (System.nanoTime() < deadline) {
            atSimulator = simulator.streamsHeld();
            if (atSimulator + ended(held) >= streams) {
                break;
            }
            Thread.sleep(200);
        }
        System.out.printf("held-streams opened %d streams in %.1f s: %d held at the simulator, %d ended before%n",
                streams, seconds(System.nanoTime() - openStart), atSimulator, ended(held));
        simulator.holdStreams(0); // those that never reached it must not hold the probes

        long[] ttft = new long[probes];
        for (int i = 0; i < probes; i++) {
            Stream probe = open();
            if (!probe.ended.await(30, TimeUnit.SECONDS) || !probe.whole(reference)) {
                fail("probe: " + probe.why());
                ttft[i] = Long.MAX_VALUE;
            } else {
                ttft[i] = probe.firstToken - probe.connectStart;
            }
        }
        Arrays.sort(ttft);
        if (probes > 0) {
            System.out.printf("held-streams probe-ttft-ms p50 %.2f p99 %.2f (%d streams one after another, each on a "
                    + "new connection, %d held)%n", ms(percentile(ttft, 50)), ms(percentile(ttft, 99)), probes,
                    atSimulator);
        }

        System.out.println("held-streams ready: " + atSimulator + " held; releasing when " + releaseWhen + " exists");
        long waitUntil = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!Files.exists(releaseWhen) && System.nanoTime() < waitUntil) {
            Thread.sleep(100);
        }
        long releasedAt = System.nanoTime();
        int released = simulator.releaseStreams();
        long releaseAnswered = System.nanoTime();
        for (Stream s : held) {
            s.ended.await(Math.max(0, TimeUnit.SECONDS.toNanos(120) - (System.nanoTime() - releasedAt)),
                    TimeUnit.NANOSECONDS);
        }
        long[] afterRelease = held.stream().filter(s -> s.firstToken > 0)
                .mapToLong(s -> Math.max(0, s.firstToken - releasedAt)).sorted().toArray();
        long lastEnd = held.stream().mapToLong(s -> s.endedAt).max().orElse(releasedAt);
        int whole = 0;
        for (Stream s : held) {
            if (s.whole(reference)) {
                whole++;
            } else {
                fail(s.why());
            }
        }
        System.out.printf("held-streams released %d; first token after the release p50 %.1f ms p99 %.1f ms; "
                        + "all ended %.1f s after it (the release call took %.1f ms, first token of all %.1f ms)%n",
                released, ms(percentile(afterRelease, 50)), ms(percentile(afterRelease, 99)),
                seconds(lastEnd - releasedAt), ms(releaseAnswered - releasedAt),
                ms(afterRelease.length == 0 ? 0 : afterRelease[0]));
        failures.forEach((why, n) -> System.out.println("held-streams failure x" + n + ": " + why));
        System.out.println("held-streams whole " + whole + " of " + streams);
    }

    private int ended(List<Stream> streams) {
        int n = 0;
        for (Stream s : streams) {
            n += s.ended.getCount() == 0 ? 1 : 0;
        }
        return n;
    }

    private void fail(String why) {
        // Bounded: the reasons are a few kinds (status, cut, timeout); the text after the first line is dropped.
        if (failures.size() < 20 || failures.containsKey(why)) {
            failures.computeIfAbsent(why, w -> new AtomicInteger()).incrementAndGet();
        }
    }

    /** Connects and sends one streamed chat request; the stream's state fills in as the answer comes. */
    private Stream open() {
        Stream s = new Stream();
        s.connectStart = System.nanoTime();
        int port = url.getPort() > 0 ? url.getPort() : 80;
        ChannelFuture connect = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new HttpClientCodec(), new StreamReader(s));
            }
        }).connect(url.getHost(), port);
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                s.end("connect failed: " + f.cause());
                s.connected.complete(false);
                return;
            }
            s.connected.complete(true);
            connect.channel().writeAndFlush(request());
        });
        return s;
    }

    private FullHttpRequest request() {
        byte[] body = ("{\"model\":\"" + model + "\",\"stream\":true,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Say hello in five words\"}]}").getBytes(StandardCharsets.UTF_8);
        FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, url.getRawPath(),
                Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.HOST, url.getHost() + ":" + url.getPort())
                .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .set(HttpHeaderNames.AUTHORIZATION, "Bearer " + key)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        extraHeaders.forEach(h -> r.headers().set(h[0], h[1]));
        return r;
    }

    /** One stream's state; written by its event loop, read after {@link #ended}. */
    private static final class Stream {
        final CompletableFuture<Boolean> connected = new CompletableFuture<>();
        final CountDownLatch ended = new CountDownLatch(1);
        final StringBuilder text = new StringBuilder();
        volatile long connectStart;
        volatile long firstToken;
        volatile long endedAt;
        volatile int status;
        volatile boolean done;
        volatile String failure;

        void end(String why) {
            if (ended.getCount() == 0) {
                return;
            }
            failure = why;
            endedAt = System.nanoTime();
            ended.countDown();
        }

        boolean whole(String reference) {
            return ended.getCount() == 0 && failure == null && status == 200 && done && reference.contentEquals(text);
        }

        String why() {
            if (ended.getCount() != 0) {
                return "not ended in time";
            }
            if (failure != null) {
                return failure;
            }
            if (status != 200) {
                return "status " + status;
            }
            return done ? "text differs from the reference" : "ended without data: [DONE]";
        }
    }

    /** Reads an SSE answer event by event: the status, the text of the deltas, the time of the first, [DONE]. */
    private static final class StreamReader extends SimpleChannelInboundHandler<HttpObject> {
        private final Stream s;
        private final StringBuilder event = new StringBuilder();
        private final StringBuilder errorBody = new StringBuilder();

        StreamReader(Stream s) {
            this.s = s;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (msg instanceof HttpResponse head) {
                s.status = head.status().code();
            }
            if (msg instanceof HttpContent content) {
                read(content.content(), System.nanoTime());
                if (msg instanceof LastHttpContent) {
                    s.end(s.status == 200 ? null : "status " + s.status + ": " + firstLine(errorBody));
                    ctx.close();
                }
            }
        }

        /** {@code arrived}: when these bytes were read, so that parsing other streams' events is not counted. */
        private void read(ByteBuf bytes, long arrived) {
            String chunk = bytes.toString(StandardCharsets.UTF_8);
            if (s.status != 200) {
                errorBody.append(chunk, 0, Math.min(chunk.length(), 300 - Math.min(300, errorBody.length())));
                return;
            }
            event.append(chunk);
            int end;
            while ((end = eventEnd()) >= 0) {
                String e = event.substring(0, end).trim();
                event.delete(0, end + (event.charAt(end) == '\r' ? 4 : 2));
                onEvent(e, arrived);
            }
            if (event.length() > MAX_EVENT_BYTES) {
                s.end("an event longer than " + MAX_EVENT_BYTES + " bytes");
            }
        }

        private int eventEnd() {
            int lf = event.indexOf("\n\n");
            int crlf = event.indexOf("\r\n\r\n");
            return lf < 0 ? crlf : crlf < 0 ? lf : Math.min(lf, crlf);
        }

        private void onEvent(String e, long arrived) {
            if (!e.startsWith("data:")) {
                return; // comments and event: lines
            }
            String data = e.substring(5).trim();
            if (data.equals("[DONE]")) {
                s.done = true;
                return;
            }
            try {
                JsonNode content = JSON.readTree(data).path("choices").path(0).path("delta").path("content");
                if (content.isTextual() && !content.asText().isEmpty()) {
                    if (s.firstToken == 0) {
                        s.firstToken = arrived;
                    }
                    s.text.append(content.asText());
                }
            } catch (Exception ex) {
                s.end("an event that is not JSON: " + firstLine(new StringBuilder(data)));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            s.end("connection closed before the end of the answer");
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            s.end(cause.getClass().getSimpleName() + ": " + cause.getMessage());
            ctx.close();
        }

        private static String firstLine(CharSequence text) {
            String t = text.toString();
            int nl = t.indexOf('\n');
            return (nl < 0 ? t : t.substring(0, nl)).replaceAll("chatcmpl-[A-Za-z0-9-]+", "<id>");
        }
    }

    /** The simulator's control API: hold the next streams, count those held, release them. */
    private static final class SimulatorControl {
        private final URI base;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        SimulatorControl(URI base) {
            this.base = base;
        }

        void holdStreams(int n) throws Exception {
            call("POST", "/_sim/config", "{\"holdStreams\":" + n + "}");
        }

        int streamsHeld() throws Exception {
            return call("GET", "/_sim/config", null).get("streamsHeld").asInt();
        }

        int releaseStreams() throws Exception {
            return call("POST", "/_sim/streams/release", "").get("released").asInt();
        }

        private JsonNode call(String method, String path, String body) throws Exception {
            HttpRequest r = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body)).build();
            java.net.http.HttpResponse<String> response = http.send(r,
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " "
                        + response.body());
            }
            return JSON.readTree(response.body());
        }
    }

    private static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static double ms(long nanos) {
        return nanos == Long.MAX_VALUE ? Double.NaN : nanos / 1e6;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
