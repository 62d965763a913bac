package io.camelgateway.http;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.AnthropicError;
import io.camelgateway.metering.RequestEndListener;
import io.camelgateway.metering.RequestRecord;
import io.camelgateway.api.GatewayException;
import io.camelgateway.api.Json;

/**
 * One client connection as the ingress guard sees it, between Netty's HTTP codec and Camel's aggregator: it holds
 * back a request that {@link RequestScreen} refuses (so its body is never buffered), times the connection while it
 * waits for a request, its head or its body, and answers a refusal itself, then closes. While the HTTP routes are
 * being replaced ({@link IngressGate}), a whole request is held until they are back, or answered 503 if they take
 * too long.
 */
final class GuardedConnection extends ChannelDuplexHandler {
    /**
     * After a refusal, how long the rest of the request is read and dropped before the socket closes: closing on a
     * client still sending resets the connection, and the client might never read the refusal.
     */
    private static final long LINGER_MS = 2000;
    /**
     * The longest a connection past the limit may take over its health check (each wait, idle or head): a probe asks
     * at once, and slow or idle connections must not keep the few places past the limit from it.
     */
    private static final Duration HEALTH_CHECK_WAIT = Duration.ofSeconds(1);
    /** The longest a request waits for the HTTP routes being replaced: a replacement takes well under a second. */
    private static final Duration RELOAD_WAIT = Duration.ofSeconds(2);

    /**
     * What the connection waits for; each phase but ANSWERING (a route has the request) has a deadline. HELD: the
     * request is whole, and waits for the HTTP routes to be back.
     */
    private enum Phase { IDLE, HEAD, BODY, HELD, ANSWERING, REFUSED }

    private final IngressLimits limits;
    private final ConnectionSlots slots;
    private final RequestScreen screen;
    private final IngressGate gate;
    private final RequestEndListener refusals;
    private ConnectionSlots.Slot slot;
    private Phase phase = Phase.IDLE;
    private ScheduledFuture<?> deadline;
    private long bodyBytes;
    /** Requests handed to the routes whose answers have not been written yet (more than one when pipelined). */
    private int unanswered;
    private boolean readARequestPart;
    /** A refusal that waits for the answers to earlier requests, so that answers stay in order. */
    private GatewayException pendingRefusal;
    /** The end of a request held while the routes are replaced: passing it on is what hands the request to them. */
    private LastHttpContent held;
    /** The id of the request whose head came last, for a refusal's x-request-id. */
    private String requestId;
    /** The URL path of the request whose head came last, for the audit record of a refusal. */
    private String requestPath;

    GuardedConnection(IngressLimits limits, ConnectionSlots slots, RequestScreen screen, IngressGate gate,
                      RequestEndListener refusals) {
        this.refusals = refusals;
        this.limits = limits;
        this.slots = slots;
        this.screen = screen;
        this.gate = gate;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        slot = slots.take();
        if (slot == ConnectionSlots.Slot.NONE) {
            refuse(ctx, RequestScreen.overloaded());
        } else {
            await(ctx, Phase.IDLE, limits.idleTimeout());
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelDeadline();
        releaseHeld();
        if (slot != null) {
            slots.release();
            slot = null;
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        readARequestPart = true;
        if (phase == Phase.REFUSED) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest head) {
            requestId = RequestIds.of(head);
            requestPath = pathOf(head.uri());
            GatewayException refusal = head.decoderResult().isFailure()
                    ? RequestScreen.malformed(head.decoderResult().cause()) : screen.check(head, slot, ctx.channel());
            if (refusal != null) {
                ReferenceCountUtil.release(msg);
                refuse(ctx, refusal);
                return;
            }
            bodyBytes = 0;
            await(ctx, Phase.BODY, limits.bodyTimeout());
        }
        if (msg instanceof HttpContent content) {
            bodyBytes += content.content().readableBytes();
            GatewayException refusal = content.decoderResult().isFailure()
                    ? RequestScreen.malformed(content.decoderResult().cause())
                    : bodyBytes > limits.maxBodyBytes() ? screen.tooLarge() : null;
            if (refusal != null) {
                ReferenceCountUtil.release(msg);
                refuse(ctx, refusal);
                return;
            }
            if (msg instanceof LastHttpContent last) {
                CompletableFuture<Void> opened = gate.opened();
                if (!opened.isDone()) {
                    hold(ctx, last, opened);
                    return;
                }
                unanswered++;
                cancelDeadline();
                phase = Phase.ANSWERING;
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** Keeps a whole request from the routes until they are back (the sequencer holds any request after it). */
    private void hold(ChannelHandlerContext ctx, LastHttpContent last, CompletableFuture<Void> opened) {
        held = last;
        await(ctx, Phase.HELD, RELOAD_WAIT);
        opened.thenRun(() -> ctx.executor().execute(() -> passHeld(ctx)));
    }

    private void passHeld(ChannelHandlerContext ctx) {
        if (held == null) {
            return; // answered 503 meanwhile, or closed
        }
        LastHttpContent last = held;
        held = null;
        unanswered++;
        cancelDeadline();
        phase = Phase.ANSWERING;
        ctx.fireChannelRead(last);
    }

    private void releaseHeld() {
        if (held != null) {
            ReferenceCountUtil.release(held);
            held = null;
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // Bytes came in but no part of a request was decoded from them: a request head has started.
        if (phase == Phase.IDLE && !readARequestPart) {
            await(ctx, Phase.HEAD, limits.headTimeout());
        }
        readARequestPart = false;
        ctx.fireChannelReadComplete();
    }

    /** Sees the routes' answers (a refusal is written past this handler): the end of one frees the connection. */
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        boolean informational = msg instanceof HttpResponse response
                && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
        if (msg instanceof LastHttpContent && !informational) {
            promise = promise.unvoid();
            promise.addListener(written -> answered(ctx));
        }
        ctx.write(msg, promise);
    }

    private void answered(ChannelHandlerContext ctx) {
        if (unanswered > 0) {
            unanswered--;
        }
        if (unanswered > 0 || !ctx.channel().isActive()) {
            return;
        }
        if (pendingRefusal != null) {
            GatewayException refusal = pendingRefusal;
            pendingRefusal = null;
            writeRefusal(ctx, refusal);
        } else if (slot != ConnectionSlots.Slot.FULL) {
            ctx.channel().close(); // one health check per place past the limit
        } else if (phase == Phase.ANSWERING) {
            await(ctx, Phase.IDLE, limits.idleTimeout());
        }
    }

    private void await(ChannelHandlerContext ctx, Phase next, Duration wait) {
        cancelDeadline();
        phase = next;
        Duration limit = slot == ConnectionSlots.Slot.FULL || wait.compareTo(HEALTH_CHECK_WAIT) < 0 ? wait
                : HEALTH_CHECK_WAIT;
        deadline = ctx.executor().schedule(() -> expired(ctx, next, limit), limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void expired(ChannelHandlerContext ctx, Phase waited, Duration limit) {
        if (phase != waited) {
            return;
        }
        switch (waited) {
            case IDLE -> ctx.channel().close(); // nothing was asked, so there is nothing to answer
            case HEAD -> refuse(ctx, RequestScreen.tooSlow("head", limit));
            case BODY -> refuse(ctx, RequestScreen.tooSlow("body", limit));
            case HELD -> {
                releaseHeld();
                refuse(ctx, RequestScreen.reloading());
            }
            default -> {
            }
        }
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    private void refuse(ChannelHandlerContext ctx, GatewayException refusal) {
        cancelDeadline();
        phase = Phase.REFUSED;
        if (unanswered > 0) {
            pendingRefusal = refusal;
        } else {
            writeRefusal(ctx, refusal);
        }
    }

    private void writeRefusal(ChannelHandlerContext ctx, GatewayException refusal) {
        byte[] body = Json.write(AnthropicError.forPath(requestPath, refusal));
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(refusal.status()), Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        if (refusal.retryAfter() != null) {
            response.headers().set(HttpHeaderNames.RETRY_AFTER, refusal.retryAfter());
        }
        if (requestId != null) {
            response.headers().set(GatewayConstants.HEADER_REQUEST_ID, requestId);
        }
        ctx.writeAndFlush(response).addListener(written -> lingerThenClose(ctx));
        if (requestId != null) {
            RequestRecord record = new RequestRecord(requestId, null, requestPath);
            record.end(new RequestRecord.Outcome(null, null, null, null, null, null, null, 0, null, null,
                    refusal.status(), refusal.code(), System.nanoTime() - record.startNanos()));
            refusals.ended(record);
        }
    }

    /** The path of a request's URL, without its query (which may carry a key), at most 200 chars. */
    private static String pathOf(String uri) {
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        return path.length() > 200 ? path.substring(0, 200) : path;
    }

    /**
     * Ends the response side at once, so the client sees the end of the answer, and drops what it still sends. A
     * connection refused before it asked anything (the gateway is full) is closed at once: its file descriptor is
     * what the gateway is short of.
     */
    private void lingerThenClose(ChannelHandlerContext ctx) {
        if (slot != ConnectionSlots.Slot.NONE && ctx.channel() instanceof DuplexChannel duplex && duplex.isActive()
                && !duplex.isOutputShutdown()) {
            duplex.shutdownOutput();
            ctx.executor().schedule(() -> ctx.channel().close(), LINGER_MS, TimeUnit.MILLISECONDS);
        } else {
            ctx.channel().close();
        }
    }
}
