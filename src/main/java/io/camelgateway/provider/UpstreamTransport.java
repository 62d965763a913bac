package io.camelgateway.provider;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoop;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.pool.AbstractChannelPoolHandler;
import io.netty.channel.pool.ChannelHealthChecker;
import io.netty.channel.pool.ChannelPool;
import io.netty.channel.pool.SimpleChannelPool;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;

/**
 * HTTP/1.1 POSTs to providers on Netty: pooled keep-alive connections per host, TLS with hostname checks, the
 * response pushed to an {@link UpstreamListener} as it arrives. No thread waits on a call.
 */
final class UpstreamTransport implements AutoCloseable {
    private static final AttributeKey<Call> CALL = AttributeKey.valueOf("gateway.upstream.call");
    private static final AttributeKey<Boolean> USED = AttributeKey.valueOf("gateway.upstream.used");

    private final EventLoopGroup group;
    private final SslContext tls;
    private final Map<PoolKey, ChannelPool> pools = new ConcurrentHashMap<>();

    UpstreamTransport(int threads) {
        this.group = new NioEventLoopGroup(threads, new DefaultThreadFactory("llm-upstream", true));
        try {
            this.tls = SslContextBuilder.forClient().build();
        } catch (SSLException e) {
            throw new IllegalStateException("TLS is not available", e);
        }
    }

    /**
     * Starts a POST; the returned handle cancels it (closing its connection) at any point.
     *
     * @param affinity the event loop of the caller's own connection, or null: the call then runs on that same
     *                 loop, so answering the caller takes no thread hand-over
     */
    /** The loop a call with this affinity runs its timers on: the caller's own, else one of the transport's. */
    EventLoop timerLoop(EventLoop affinity) {
        return affinity instanceof NioEventLoop ? affinity : group.next();
    }

    Runnable post(URI uri, Map<String, String> headers, byte[] body, Duration connectTimeout, EventLoop affinity,
                  UpstreamListener listener) {
        EventLoopGroup loops = affinity instanceof NioEventLoop ? affinity : group;
        Call call = new Call(uri, headers, body, listener, pool(uri, connectTimeout, loops));
        call.start();
        return call::cancel;
    }

    @Override
    public void close() {
        pools.values().forEach(ChannelPool::close);
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    private ChannelPool pool(URI uri, Duration connectTimeout, EventLoopGroup loops) {
        boolean secure = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : secure ? 443 : 80;
        PoolKey key = new PoolKey(secure, uri.getHost(), port, connectTimeout, loops);
        return pools.computeIfAbsent(key, k -> new SimpleChannelPool(new Bootstrap().group(k.loops)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, k.connectTimeout.toMillis()))
                .remoteAddress(k.host, k.port), new AbstractChannelPoolHandler() {
                    @Override
                    public void channelCreated(Channel ch) {
                        if (k.secure) {
                            SslHandler handler = tls.newHandler(ch.alloc(), k.host, k.port);
                            SSLEngine engine = handler.engine();
                            SSLParameters parameters = engine.getSSLParameters();
                            parameters.setEndpointIdentificationAlgorithm("HTTPS");
                            engine.setSSLParameters(parameters);
                            ch.pipeline().addLast("tls", handler);
                        }
                        ch.pipeline().addLast("http", new HttpClientCodec());
                        ch.pipeline().addLast("response", new ResponseHandler());
                    }
                }, ChannelHealthChecker.ACTIVE));
    }

    private record PoolKey(boolean secure, String host, int port, Duration connectTimeout, EventLoopGroup loops) {
    }

    /** One request and its response; it ends exactly once, by completion, failure or cancellation. */
    private static final class Call {
        private final URI uri;
        private final Map<String, String> headers;
        private final byte[] body;
        private final UpstreamListener listener;
        private final ChannelPool pool;
        private final AtomicBoolean ended = new AtomicBoolean();
        private volatile Channel channel;
        private boolean headReceived;
        private boolean keepAlive;
        private boolean retried;

        Call(URI uri, Map<String, String> headers, byte[] body, UpstreamListener listener, ChannelPool pool) {
            this.uri = uri;
            this.headers = headers;
            this.body = body;
            this.listener = listener;
            this.pool = pool;
        }

        void start() {
            pool.acquire().addListener((Future<Channel> acquired) -> {
                if (!acquired.isSuccess()) {
                    fail(connectFailure(acquired.cause()));
                    return;
                }
                Channel ch = acquired.getNow();
                if (ended.get()) {
                    ch.close();
                    pool.release(ch);
                    return;
                }
                channel = ch;
                ch.attr(CALL).set(this);
                ch.writeAndFlush(request()).addListener(written -> {
                    if (!written.isSuccess()) {
                        lost(written.cause());
                    }
                });
            });
        }

        private FullHttpRequest request() {
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            if (uri.getRawQuery() != null) {
                path += "?" + uri.getRawQuery();
            }
            FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path,
                    Unpooled.wrappedBuffer(body));
            request.headers().set(HttpHeaderNames.HOST, uri.getPort() > 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost());
            request.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
            request.headers().set(HttpHeaderNames.ACCEPT, "application/json, text/event-stream");
            headers.forEach(request.headers()::set);
            return request;
        }

        void head(HttpResponse response) {
            headReceived = true;
            keepAlive = HttpUtil.isKeepAlive(response);
            if (!ended.get()) {
                listener.onHead(response.status().code(), response.headers());
            }
        }

        void content(HttpContent content) {
            if (!ended.get() && content.content().isReadable()) {
                listener.onContent(content.content());
            }
            if (content instanceof LastHttpContent) {
                Channel ch = channel;
                ch.attr(CALL).set(null);
                ch.attr(USED).set(true);
                if (!keepAlive) {
                    ch.close();
                }
                pool.release(ch);
                if (ended.compareAndSet(false, true)) {
                    listener.onComplete();
                }
            }
        }

        /** The connection broke or could not be written to. */
        void lost(Throwable cause) {
            Channel ch = channel;
            boolean reused = ch != null && Boolean.TRUE.equals(ch.attr(USED).get());
            release(ch);
            // A pooled connection the server had already closed: nothing was answered, so sending again is safe.
            if (reused && !headReceived && !retried && !ended.get()) {
                retried = true;
                channel = null;
                start();
                return;
            }
            fail(cause instanceof IOException ? cause
                    : new IOException("The connection to " + uri.getHost() + " was lost", cause));
        }

        void cancel() {
            if (ended.compareAndSet(false, true)) {
                release(channel);
            }
        }

        private void fail(Throwable cause) {
            if (ended.compareAndSet(false, true)) {
                listener.onError(cause);
            }
        }

        private void release(Channel ch) {
            if (ch != null && ch.attr(CALL).compareAndSet(this, null)) {
                ch.close();
                pool.release(ch);
            }
        }

        private static Throwable connectFailure(Throwable cause) {
            if (cause instanceof io.netty.channel.ConnectTimeoutException) {
                return new HttpConnectTimeoutException(cause.getMessage());
            }
            return cause instanceof ConnectException ? cause : new ConnectException(String.valueOf(cause.getMessage()));
        }
    }

    /** Hands each part of a response to the call that owns the connection. */
    private static final class ResponseHandler extends SimpleChannelInboundHandler<HttpObject> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            Call call = ctx.channel().attr(CALL).get();
            if (call == null) {
                return;
            }
            if (msg instanceof HttpResponse response) {
                call.head(response);
            }
            if (msg instanceof HttpContent content) {
                call.content(content);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            Call call = ctx.channel().attr(CALL).get();
            if (call != null) {
                call.lost(new IOException("The provider closed the connection before the answer ended"));
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Call call = ctx.channel().attr(CALL).get();
            if (call != null) {
                call.lost(cause);
            } else {
                ctx.close();
            }
        }
    }
}
