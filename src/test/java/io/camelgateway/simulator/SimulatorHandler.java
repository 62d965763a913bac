package io.camelgateway.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AsciiString;

import static io.camelgateway.simulator.Sim.NODES;

/** Routes each request to its provider format, applies faults and writes the answer (whole or streamed). */
@ChannelHandler.Sharable
final class SimulatorHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final AsciiString SERVER = AsciiString.cached("provider-simulator (test tool)");
    private static final AsciiString NO_CACHE = AsciiString.cached("no-cache");
    private static final HttpResponseStatus OVERLOADED = new HttpResponseStatus(529, "Overloaded");

    private final ProviderSimulator sim;

    SimulatorHandler(ProviderSimulator sim) {
        this.sim = sim;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        HttpVersion version = req.protocolVersion();
        if (!req.decoderResult().isSuccess()) {
            writeFull(ctx, OpenAiFormat.error(400, "Bad request", "invalid_request_error", null), null, false, version);
            return;
        }
        String uri = req.uri();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        String query = q < 0 ? null : uri.substring(q + 1);
        String method = req.method().name();
        String body = req.content().toString(StandardCharsets.UTF_8);
        if (path.startsWith("/_sim/")) {
            writeFull(ctx, control(method, path, body), null, keepAlive, version);
            return;
        }
        sim.record(method, path, query, req.headers(), body);
        if (!sim.callLimit().tryStart(ctx.channel())) {
            writeFull(ctx, OpenAiFormat.callLimitReached(sim.callLimit().limit(), Sim.parseObject(body)), null,
                    keepAlive, version);
            return;
        }
        Fault fault = sim.takeFault(path);
        Reply reply = safeRespond(req.headers(), method, path, query, body, fault);
        if (fault == null) {
            write(ctx, reply, null, sim.defaultChunkDelayNanos(), keepAlive, version);
            return;
        }
        long chunkDelay = fault.chunkDelay() != null ? fault.chunkDelay().toNanos() : sim.defaultChunkDelayNanos();
        long headerDelay = fault.headerDelay().toNanos();
        if (headerDelay > 0) {
            ctx.executor().schedule(() -> {
                if (ctx.channel().isActive()) {
                    write(ctx, reply, fault, chunkDelay, keepAlive, version);
                } else {
                    sim.callAbandoned();
                }
            }, headerDelay, TimeUnit.NANOSECONDS);
        } else {
            write(ctx, reply, fault, chunkDelay, keepAlive, version);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    // ---------------------------------------------------------------- routing

    private Reply safeRespond(HttpHeaders h, String method, String path, String query, String body, Fault fault) {
        try {
            return respond(h, method, path, query, body, fault);
        } catch (RuntimeException e) {
            return OpenAiFormat.error(500, "provider simulator failed: " + e, "server_error", null);
        }
    }

    private enum Family { OPENAI, AZURE, ANTHROPIC, GEMINI, BEDROCK, VERTEX }

    private Reply respond(HttpHeaders h, String method, String path, String query, String body, Fault fault) {
        boolean post = method.equals("POST");
        Family family;
        String target = null;
        String action = null;
        if (post && path.equals("/token")) {
            return VertexFormat.token(sim, body);
        }
        if (path.startsWith("/model/")) {
            family = Family.BEDROCK;
            String rest = path.substring("/model/".length());
            int slash = rest.indexOf('/');
            if (slash > 0) {
                target = QueryStringDecoder.decodeComponent(rest.substring(0, slash));
                action = rest.substring(slash + 1);
            }
            SigV4Check.Refusal refused = SigV4Check.check(method, path, h, body.getBytes(StandardCharsets.UTF_8),
                    "bedrock", sim.awsSecrets());
            if (refused != null) {
                return BedrockFormat.error(403, refused.type(), refused.message());
            }
        } else if (path.startsWith("/v1/projects/") && path.contains("/publishers/google/models/")) {
            family = Family.VERTEX;
            String rest = path.substring(path.indexOf("/models/") + "/models/".length());
            int colon = rest.lastIndexOf(':');
            if (colon > 0) {
                target = rest.substring(0, colon);
                action = rest.substring(colon + 1);
            }
            Reply denied = VertexFormat.checkToken(sim, h.get(HttpHeaderNames.AUTHORIZATION));
            if (denied != null) {
                return denied;
            }
        } else if (path.startsWith("/openai/deployments/")) {
            family = Family.AZURE;
            String rest = path.substring("/openai/deployments/".length());
            int slash = rest.indexOf('/');
            if (slash > 0) {
                target = rest.substring(0, slash);
                action = rest.substring(slash + 1);
            }
        } else if (path.equals("/v1/messages") || AnthropicBatches.handles(path)) {
            family = Family.ANTHROPIC;
        } else if (GeminiBatches.handles(path)) {
            String key = h.get("x-goog-api-key");
            Reply denied = GeminiFormat.checkKey(sim, key != null ? key : queryParam(query, "key"));
            return denied != null ? denied : sim.geminiBatches().respond(method, path);
        } else if (path.startsWith("/v1beta/models/") || (path.startsWith("/v1/models/") && path.indexOf(':') > 0)) {
            family = Family.GEMINI;
            String rest = path.substring(path.indexOf("/models/") + "/models/".length());
            int colon = rest.lastIndexOf(':');
            if (colon > 0) {
                target = rest.substring(0, colon);
                action = rest.substring(colon + 1);
            }
        } else {
            family = Family.OPENAI;
        }

        if (fault != null) {
            if (fault.rawBody() != null) {
                return Reply.raw(fault.status() > 0 ? fault.status() : 200, Reply.JSON_TYPE, fault.rawBody());
            }
            if (fault.status() > 0 && fault.errorEventAfter() < 0) {
                return switch (family) {
                    case OPENAI, AZURE -> OpenAiFormat.errorFor(fault.status());
                    case ANTHROPIC -> AnthropicFormat.errorFor(fault.status());
                    case GEMINI, VERTEX -> GeminiFormat.errorFor(fault.status());
                    case BEDROCK -> BedrockFormat.errorFor(fault.status());
                };
            }
        }

        switch (family) {
            case OPENAI: {
                if (OpenAiBatches.handles(path)) {
                    Reply denied = OpenAiFormat.checkKey(sim,
                            OpenAiFormat.bearer(h.get(HttpHeaderNames.AUTHORIZATION)), false);
                    return denied != null ? denied
                            : sim.openAiBatches().respond(method, path, h.get(HttpHeaderNames.CONTENT_TYPE), body);
                }
                boolean chat = post && path.equals("/v1/chat/completions");
                boolean embeddings = post && path.equals("/v1/embeddings");
                boolean models = method.equals("GET") && path.equals("/v1/models");
                if (!chat && !embeddings && !models) {
                    return OpenAiFormat.invalidUrl(method, path);
                }
                Reply denied = OpenAiFormat.checkKey(sim, OpenAiFormat.bearer(h.get(HttpHeaderNames.AUTHORIZATION)),
                        false);
                if (denied != null) {
                    return denied;
                }
                if (models) {
                    return OpenAiFormat.models();
                }
                JsonNode json = Sim.parseObject(body);
                if (json == null) {
                    return OpenAiFormat.malformed();
                }
                String model = json.path("model").textValue();
                return chat ? OpenAiFormat.chat(sim, json, "openai", model) : OpenAiFormat.embeddings(json, model);
            }
            case AZURE: {
                boolean chat = "chat/completions".equals(action);
                if (!post || target == null || !(chat || "embeddings".equals(action))
                        || queryParam(query, "api-version") == null) {
                    return OpenAiFormat.error(404, "Resource not found", "invalid_request_error", "404");
                }
                Reply denied = OpenAiFormat.checkKey(sim, h.get("api-key"), true);
                if (denied != null) {
                    return denied;
                }
                JsonNode json = Sim.parseObject(body);
                if (json == null) {
                    return OpenAiFormat.malformed();
                }
                return chat ? OpenAiFormat.chat(sim, json, "azure", target) : OpenAiFormat.embeddings(json, target);
            }
            case ANTHROPIC: {
                boolean batchApi = AnthropicBatches.handles(path);
                if (!post && !batchApi) {
                    return OpenAiFormat.invalidUrl(method, path);
                }
                Reply denied = AnthropicFormat.checkKey(sim, h.get("x-api-key"));
                if (denied != null) {
                    return denied;
                }
                if (h.get("anthropic-version") == null) {
                    return AnthropicFormat.error(400, "invalid_request_error", "anthropic-version: header is required");
                }
                if (batchApi) {
                    return sim.anthropicBatches().respond(method, path, body);
                }
                JsonNode json = Sim.parseObject(body);
                if (json == null) {
                    return AnthropicFormat.error(400, "invalid_request_error",
                            "There was an issue with your request body: invalid JSON");
                }
                return AnthropicFormat.messages(sim, json);
            }
            case BEDROCK: {
                if (!post || target == null || !(action.equals("converse") || action.equals("converse-stream"))) {
                    return BedrockFormat.error(404, "UnknownOperationException", "Unknown operation");
                }
                JsonNode json = Sim.parseObject(body);
                if (json == null) {
                    return BedrockFormat.error(400, "ValidationException", "Malformed input request, please "
                            + "reformat your input and try again.");
                }
                return BedrockFormat.converse(sim, json, action.equals("converse-stream"), fault);
            }
            case VERTEX: {
                if (!post || target == null || !(action.equals("generateContent")
                        || action.equals("streamGenerateContent"))) {
                    return OpenAiFormat.invalidUrl(method, path);
                }
                JsonNode json = Sim.parseObject(body);
                if (json == null) {
                    return GeminiFormat.error(400, "INVALID_ARGUMENT",
                            "Invalid JSON payload received. Request body is not a JSON object.");
                }
                return GeminiFormat.generate(sim, json, target, action.equals("streamGenerateContent"),
                        "sse".equals(queryParam(query, "alt")));
            }
            default: {
                if (!post || target == null || !(action.equals("generateContent")
                        || action.equals("streamGenerateContent") || action.equals("embedContent")
                        || action.equals("batchEmbedContents") || action.equals("batchGenerateContent"))) {
                    return OpenAiFormat.invalidUrl(method, path);
                }
                String key = h.get("x-goog-api-key");
                if (key == null) {
                    key = queryParam(query, "key");
                }
                Reply denied = GeminiFormat.checkKey(sim, key);
                if (denied != null) {
                    return denied;
                }
                JsonNode json = Sim.parseObject(body);
                if (json == null) {
                    return GeminiFormat.error(400, "INVALID_ARGUMENT",
                            "Invalid JSON payload received. Request body is not a JSON object.");
                }
                return switch (action) {
                    case "batchGenerateContent" -> sim.geminiBatches().create(target, json);
                    case "generateContent" -> GeminiFormat.generate(sim, json, target, false, false);
                    case "streamGenerateContent" -> GeminiFormat.generate(sim, json, target, true,
                            "sse".equals(queryParam(query, "alt")));
                    case "embedContent" -> GeminiFormat.embedContent(json);
                    default -> GeminiFormat.batchEmbedContents(json);
                };
            }
        }
    }

    private static String queryParam(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            if (k.equals(name)) {
                return eq < 0 ? "" : QueryStringDecoder.decodeComponent(pair.substring(eq + 1));
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- control API

    private Reply control(String method, String path, String body) {
        try {
            switch (path) {
                case "/_sim/faults":
                    if (method.equals("POST")) {
                        JsonNode json = Sim.JSON.readTree(body);
                        int n = 0;
                        if (json != null && json.isArray()) {
                            for (JsonNode f : json) {
                                sim.enqueue(faultFrom(f));
                                n++;
                            }
                        } else if (json != null && json.isObject()) {
                            sim.enqueue(faultFrom(json));
                            n = 1;
                        } else {
                            throw new IllegalArgumentException("expected a fault object or an array of them");
                        }
                        return Reply.json(200, NODES.objectNode().put("queued", n));
                    }
                    if (method.equals("DELETE")) {
                        sim.clearFaults();
                        return Reply.json(200, NODES.objectNode().put("cleared", true));
                    }
                    if (method.equals("GET")) {
                        ArrayNode arr = NODES.arrayNode();
                        for (Fault f : sim.pendingFaults()) {
                            arr.add(faultJson(f));
                        }
                        return Reply.json(200, arr);
                    }
                    break;
                case "/_sim/requests":
                    if (method.equals("GET")) {
                        ArrayNode arr = NODES.arrayNode();
                        for (RecordedRequest r : sim.received()) {
                            ObjectNode o = arr.addObject();
                            o.put("method", r.method());
                            o.put("path", r.path());
                            o.put("query", r.query());
                            ObjectNode headers = o.putObject("headers");
                            r.headers().forEach(headers::put);
                            o.put("body", r.body());
                        }
                        return Reply.json(200, arr);
                    }
                    if (method.equals("DELETE")) {
                        sim.clearReceived();
                        return Reply.json(200, NODES.objectNode().put("cleared", true));
                    }
                    break;
                case "/_sim/batches":
                    if (method.equals("POST")) {
                        sim.planBatches(BatchPlan.fromJson(Sim.JSON.readTree(body)));
                        return Reply.json(200, NODES.objectNode().put("planned", true));
                    }
                    break;
                case "/_sim/config":
                    if (method.equals("POST") || method.equals("PUT")) {
                        JsonNode json = Sim.JSON.readTree(body);
                        if (json == null || !json.isObject()) {
                            throw new IllegalArgumentException("expected a JSON object");
                        }
                        if (json.has("requireKey")) {
                            sim.requireKey(json.get("requireKey").isNull() ? null : json.get("requireKey").asText());
                        }
                        if (json.has("chunkDelayMs")) {
                            sim.chunkDelay(Duration.ofMillis(json.get("chunkDelayMs").asLong()));
                        }
                        if (json.has("callsAtOnce")) {
                            sim.limitCallsAtOnce(json.get("callsAtOnce").asInt());
                        }
                        if (json.has("holdStreams")) {
                            sim.holdStreams(json.get("holdStreams").asInt());
                        }
                    }
                    if (method.equals("GET") || method.equals("POST") || method.equals("PUT")) {
                        ObjectNode o = NODES.objectNode();
                        o.put("requireKey", sim.requiredKey());
                        o.put("chunkDelayMs", sim.defaultChunkDelayNanos() / 1_000_000);
                        o.put("callsAtOnce", sim.callLimit().limit());
                        o.put("holdStreams", sim.streamHold().stillToHold());
                        o.put("streamsHeld", sim.streamsHeld());
                        return Reply.json(200, o);
                    }
                    break;
                case "/_sim/streams/release":
                    if (method.equals("POST")) {
                        return Reply.json(200, NODES.objectNode().put("released", sim.releaseStreams()));
                    }
                    break;
                default:
                    break;
            }
            return Reply.json(404, NODES.objectNode().put("error", "unknown control endpoint " + method + " " + path));
        } catch (Exception e) {
            return Reply.json(400, NODES.objectNode().put("error", String.valueOf(e.getMessage())));
        }
    }

    private static Fault faultFrom(JsonNode j) {
        if (!j.isObject()) {
            throw new IllegalArgumentException("a fault must be a JSON object");
        }
        Fault.Builder b = Fault.builder()
                .status(j.path("status").asInt(0))
                .cutAfterChunks(j.path("cutAfterChunks").asInt(-1))
                .times(j.path("times").asInt(1));
        if (j.hasNonNull("retryAfter")) {
            b.retryAfter(j.get("retryAfter").asText());
        }
        if (j.hasNonNull("rawBody")) {
            JsonNode raw = j.get("rawBody");
            b.rawBody(raw.isTextual() ? raw.textValue() : raw.toString());
        }
        if (j.hasNonNull("headerDelayMs")) {
            b.headerDelay(Duration.ofMillis(j.get("headerDelayMs").asLong()));
        }
        if (j.hasNonNull("chunkDelayMs")) {
            b.chunkDelay(Duration.ofMillis(j.get("chunkDelayMs").asLong()));
        }
        if (j.hasNonNull("every")) {
            b.every(j.get("every").asInt());
        }
        if (j.hasNonNull("pathContains")) {
            b.pathContains(j.get("pathContains").asText());
        }
        if (j.hasNonNull("repeatEvent")) {
            b.repeatEvent(j.get("repeatEvent").asInt(), j.path("repeatTimes").asInt(1));
        }
        b.headerPadding(j.path("headerPadding").asInt(0));
        b.body(j.path("bodyBytes").asLong(0), j.path("bodyChunked").asBoolean(false));
        b.announceClose(j.path("announceClose").asBoolean(false));
        b.errorEventAfter(j.path("errorEventAfter").asInt(-1));
        return b.build();
    }

    private static ObjectNode faultJson(Fault f) {
        ObjectNode o = NODES.objectNode();
        o.put("status", f.status());
        o.put("retryAfter", f.retryAfter());
        o.put("rawBody", f.rawBody());
        o.put("headerDelayMs", f.headerDelay().toMillis());
        if (f.chunkDelay() == null) {
            o.putNull("chunkDelayMs");
        } else {
            o.put("chunkDelayMs", f.chunkDelay().toMillis());
        }
        o.put("cutAfterChunks", f.cutAfterChunks());
        o.put("times", f.times());
        o.put("pathContains", f.pathContains());
        o.put("every", f.every());
        o.put("repeatEvent", f.repeatEvent());
        o.put("repeatTimes", f.repeatTimes());
        o.put("headerPadding", f.headerPadding());
        o.put("bodyBytes", f.bodyBytes());
        o.put("bodyChunked", f.bodyChunked());
        o.put("announceClose", f.announceClose());
        o.put("errorEventAfter", f.errorEventAfter());
        return o;
    }

    // ---------------------------------------------------------------- writing

    /** Writes the reply, shaped by the fault when there is one. */
    private void write(ChannelHandlerContext ctx, Reply reply, Fault fault, long chunkDelayNanos, boolean keepAlive,
                       HttpVersion version) {
        if (fault != null && fault.bodyBytes() > 0) {
            new BodyWriter(sim, ctx, fault, keepAlive, version).start();
        } else if (reply.streaming()) {
            new StreamWriter(sim, ctx, reply, fault, chunkDelayNanos, keepAlive, version).start();
        } else {
            writeFull(ctx, reply, fault, keepAlive, version);
        }
    }

    private static HttpResponseStatus status(int code) {
        return code == 529 ? OVERLOADED : HttpResponseStatus.valueOf(code);
    }

    private static void connectionHeader(HttpHeaders h, boolean keepAlive, HttpVersion version) {
        if (!keepAlive) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (version == HttpVersion.HTTP_1_0) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    /** The fault's changes to a response head: its Retry-After, a padding header, a Connection: close it ignores. */
    private static void faultHeaders(HttpHeaders h, Fault fault) {
        if (fault == null) {
            return;
        }
        if (fault.retryAfter() != null) {
            h.set(HttpHeaderNames.RETRY_AFTER, fault.retryAfter());
        }
        if (fault.headerPadding() > 0) {
            h.set("x-sim-padding", "p".repeat(fault.headerPadding()));
        }
        if (fault.announceClose()) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
    }

    private static void writeFull(ChannelHandlerContext ctx, Reply reply, Fault fault, boolean keepAlive,
                                  HttpVersion version) {
        FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status(reply.status),
                Unpooled.wrappedBuffer(reply.body));
        HttpHeaders h = resp.headers();
        h.set(HttpHeaderNames.CONTENT_TYPE, reply.contentType);
        h.setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body.length);
        h.set(HttpHeaderNames.SERVER, SERVER);
        reply.headers.forEach(h::set);
        connectionHeader(h, keepAlive, version);
        faultHeaders(h, fault);
        ChannelFuture f = ctx.writeAndFlush(resp);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Writes a stream: the head, then each event as its own chunk spaced by the delay, then the end. */
    private static final class StreamWriter implements Runnable {
        private final ProviderSimulator sim;
        private final ChannelHandlerContext ctx;
        private final List<byte[]> events;
        private final String contentType;
        private final Fault fault;
        private final long delayNanos;
        private final int cutAfter;
        private final boolean keepAlive;
        private final HttpVersion version;
        private final int repeatAt;
        private final int repeats;
        private int next;

        StreamWriter(ProviderSimulator sim, ChannelHandlerContext ctx, Reply reply, Fault fault,
                     long delayNanos, boolean keepAlive, HttpVersion version) {
            this.sim = sim;
            this.ctx = ctx;
            this.events = reply.events;
            this.contentType = reply.contentType;
            this.fault = fault;
            this.delayNanos = delayNanos;
            this.cutAfter = fault == null ? -1 : fault.cutAfterChunks();
            this.keepAlive = keepAlive;
            this.version = version;
            boolean repeating = fault != null && fault.repeatEvent() >= 0 && fault.repeatEvent() < events.size();
            this.repeatAt = repeating ? fault.repeatEvent() : -1;
            this.repeats = repeating ? fault.repeatTimes() - 1 : 0;
        }

        /** The i-th event written, counting the repeats of the repeated one. */
        private byte[] event(int i) {
            return repeatAt < 0 || i <= repeatAt ? events.get(i)
                    : i <= repeatAt + repeats ? events.get(repeatAt) : events.get(i - repeats);
        }

        void start() {
            DefaultHttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            HttpHeaders h = head.headers();
            h.set(HttpHeaderNames.CONTENT_TYPE, contentType);
            h.set(HttpHeaderNames.CACHE_CONTROL, NO_CACHE);
            h.set(HttpHeaderNames.SERVER, SERVER);
            HttpUtil.setTransferEncodingChunked(head, true);
            connectionHeader(h, keepAlive, version);
            faultHeaders(h, fault);
            if (cutAfter == 0) {
                ctx.writeAndFlush(head).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            ctx.write(head);
            sim.streamOpened();
            if (sim.streamHold().hold(() -> ctx.executor().execute(this))) {
                ctx.flush(); // the head goes out now, as a provider's does before its first token
                return;
            }
            run();
        }

        @Override
        public void run() {
            if (!ctx.channel().isActive()) {
                sim.streamAbandoned();
                return;
            }
            while (true) {
                DefaultHttpContent chunk = new DefaultHttpContent(Unpooled.wrappedBuffer(event(next++)));
                boolean end = next >= events.size() + repeats;
                if (cutAfter >= 0 && (next >= cutAfter || end)) {
                    // Abrupt end: no terminating chunk.
                    sim.streamEnded();
                    ctx.writeAndFlush(chunk).addListener(ChannelFutureListener.CLOSE);
                    return;
                }
                int bytes = chunk.content().readableBytes();
                ChannelFuture written = ctx.write(chunk);
                written.addListener(f -> {
                    if (f.isSuccess()) {
                        sim.streamBytesWritten(bytes);
                    }
                });
                if (end) {
                    sim.streamEnded();
                    ChannelFuture f = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
                    if (!keepAlive) {
                        f.addListener(ChannelFutureListener.CLOSE);
                    }
                    return;
                }
                if (delayNanos > 0) {
                    ctx.flush();
                    ctx.executor().schedule(this, delayNanos, TimeUnit.NANOSECONDS);
                    return;
                }
                if (!ctx.channel().isWritable()) {
                    // The client is not taking it: go on once this chunk is out, as a provider's server would.
                    ctx.flush();
                    written.addListener(f -> run());
                    return;
                }
            }
        }
    }

    /** Writes a 200 answer with a JSON body of the fault's size, as fast as the client takes it. */
    private static final class BodyWriter implements Runnable {
        private static final int PIECE = 64 * 1024;
        private static final byte[] PADDING = "p".repeat(PIECE).getBytes(StandardCharsets.US_ASCII);
        private static final byte[] OPEN = "{\"pad\":\"".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] CLOSE = "\"}".getBytes(StandardCharsets.US_ASCII);

        private final ProviderSimulator sim;
        private final ChannelHandlerContext ctx;
        private final Fault fault;
        private final boolean keepAlive;
        private final HttpVersion version;
        private long left;

        BodyWriter(ProviderSimulator sim, ChannelHandlerContext ctx, Fault fault, boolean keepAlive,
                   HttpVersion version) {
            this.sim = sim;
            this.ctx = ctx;
            this.fault = fault;
            this.keepAlive = keepAlive;
            this.version = version;
            this.left = Math.max(fault.bodyBytes(), OPEN.length + CLOSE.length);
        }

        void start() {
            DefaultHttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            HttpHeaders h = head.headers();
            h.set(HttpHeaderNames.CONTENT_TYPE, Reply.JSON_TYPE);
            h.set(HttpHeaderNames.SERVER, SERVER);
            if (fault.bodyChunked()) {
                HttpUtil.setTransferEncodingChunked(head, true);
            } else {
                HttpUtil.setContentLength(head, left);
            }
            connectionHeader(h, keepAlive, version);
            faultHeaders(h, fault);
            ctx.write(head);
            ctx.write(new DefaultHttpContent(Unpooled.wrappedBuffer(OPEN)));
            left -= OPEN.length + CLOSE.length;
            run();
        }

        @Override
        public void run() {
            while (ctx.channel().isActive()) {
                if (left == 0) {
                    ctx.write(new DefaultHttpContent(Unpooled.wrappedBuffer(CLOSE)));
                    ChannelFuture f = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
                    if (!keepAlive) {
                        f.addListener(ChannelFutureListener.CLOSE);
                    }
                    return;
                }
                int n = (int) Math.min(PIECE, left);
                left -= n;
                ChannelFuture written = ctx.write(new DefaultHttpContent(Unpooled.wrappedBuffer(PADDING, 0, n)));
                written.addListener(f -> {
                    if (f.isSuccess()) {
                        sim.bodyBytesWritten(n);
                    }
                });
                if (!ctx.channel().isWritable()) {
                    ctx.flush();
                    written.addListener(f -> run());
                    return;
                }
            }
        }
    }
}
