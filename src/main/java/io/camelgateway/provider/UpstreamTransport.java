package io.camelgateway.provider;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoop;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.TooLongFrameException;
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

import io.camelgateway.Background;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;

/**
 * HTTP/1.1 POSTs to providers on Netty: a bounded pool of keep-alive connections per host
 * ({@link HostConnectionPool}), TLS with hostname checks, the response pushed to an {@link UpstreamListener} as it
 * arrives. No thread waits on a call. A response head over {@value #MAX_HEAD_BYTES} bytes fails the call at once.
 */
final class UpstreamTransport implements AutoCloseable {
    /** Providers send a few KiB of headers; a head larger than this is refused rather than buffered. */
    static final int MAX_HEAD_BYTES = 32 * 1024;
    private static final int MAX_STATUS_LINE = 4096;
    private static final int MAX_CHUNK = 8192;
    private static final AttributeKey<Call> CALL = AttributeKey.valueOf("gateway.upstream.call");
    private static final AttributeKey<Boolean> USED = AttributeKey.valueOf("gateway.upstream.used");

    private final EventLoopGroup group;
    private final Background<SslContext> tls;
    private final UpstreamSettings settings;
    private final Map<HostKey, HostConnectionPool> pools = new ConcurrentHashMap<>();

    UpstreamTransport(int threads, UpstreamSettings settings) {
        this.group = new NioEventLoopGroup(threads, new DefaultThreadFactory("llm-upstream", true));
        this.settings = settings;
        // Building it reads the JDK's trust store and loads its security providers, about 0.4 s of CPU: alongside
        // the rest of the start-up; the first connection to an https provider waits for it.
        this.tls = new Background<>("upstream-tls", UpstreamTransport::clientTls);
    }

    private static SslContext clientTls() {
        try {
            return SslContextBuilder.forClient().build();
        } catch (SSLException e) {
            throw new IllegalStateException("TLS is not available", e);
        }
    }

    /** The loop a call with this affinity runs its timers on: the caller's own, else one of the transport's. */
    EventLoop timerLoop(EventLoop affinity) {
        return affinity instanceof NioEventLoop ? affinity : group.next();
    }

    /**
     * Starts a POST; the returned handle cancels it (closing its connection) at any point.
     *
     * @param affinity the event loop of the caller's own connection, or null: the call then prefers a connection
     *                 on that same loop, so answering the caller takes no thread hand-over
     */
    UpstreamExchange post(URI uri, Map<String, String> headers, byte[] body, Duration connectTimeout,
                          EventLoop affinity, UpstreamListener listener) {
        return send(HttpMethod.POST, uri, headers, body, connectTimeout, affinity, listener);
    }

    /** Starts a request of any method (a GET has an empty body); otherwise as {@link #post}. */
    UpstreamExchange send(HttpMethod method, URI uri, Map<String, String> headers, byte[] body,
                          Duration connectTimeout, EventLoop affinity, UpstreamListener listener) {
        Call call = new Call(method, uri, headers, body, listener, pool(uri), connectTimeout, timerLoop(affinity));
        call.start();
        return call;
    }

    @Override
    public void close() {
        pools.values().forEach(HostConnectionPool::close);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private HostConnectionPool pool(URI uri) {
        boolean secure = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : secure ? 443 : 80;
        return pools.computeIfAbsent(new HostKey(secure, uri.getHost(), port), this::newPool);
    }

    private HostConnectionPool newPool(HostKey k) {
        Bootstrap bootstrap = new Bootstrap()
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .remoteAddress(k.host, k.port)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (k.secure) {
                            SslHandler handler = tls.get().newHandler(ch.alloc(), k.host, k.port);
                            SSLEngine engine = handler.engine();
                            SSLParameters parameters = engine.getSSLParameters();
                            parameters.setEndpointIdentificationAlgorithm("HTTPS");
                            engine.setSSLParameters(parameters);
                            ch.pipeline().addLast("tls", handler);
                        }
                        ch.pipeline().addLast("http", new HttpClientCodec(MAX_STATUS_LINE, MAX_HEAD_BYTES, MAX_CHUNK));
                        ch.pipeline().addLast("idle", new IdleStateHandler(0, 0,
                                settings.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
                        ch.pipeline().addLast("response", new ResponseHandler());
                    }
                });
        return new HostConnectionPool(bootstrap, k.host + ":" + k.port, settings);
    }

    private record HostKey(boolean secure, String host, int port) {
    }

    /** One request and its response; it ends exactly once, by completion, failure or cancellation. */
    private static final class Call implements UpstreamExchange {
        private final HttpMethod method;
        private final URI uri;
        private final Map<String, String> headers;
        private final byte[] body;
        private final UpstreamListener listener;
        private final HostConnectionPool pool;
        private final Duration connectTimeout;
        private final EventLoop loop;
        private final AtomicBoolean ended = new AtomicBoolean();
        private volatile Channel channel;
        private volatile boolean queued;
        private boolean headReceived;
        private boolean keepAlive;
        private boolean retried;

        Call(HttpMethod method, URI uri, Map<String, String> headers, byte[] body, UpstreamListener listener,
             HostConnectionPool pool, Duration connectTimeout, EventLoop loop) {
            this.method = method;
            this.uri = uri;
            this.headers = headers;
            this.body = body;
            this.listener = listener;
            this.pool = pool;
            this.connectTimeout = connectTimeout;
            this.loop = loop;
        }

        void start() {
            pool.acquire(loop, connectTimeout, () -> queued = true).addListener((Future<Channel> acquired) -> {
                queued = false;
                if (!acquired.isSuccess()) {
                    fail(connectFailure(acquired.cause()));
                    return;
                }
                Channel ch = acquired.getNow();
                if (ended.get()) {
                    pool.release(ch);
                    return;
                }
                channel = ch;
                ch.attr(CALL).set(this);
                ch.config().setAutoRead(true);
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
            FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, path,
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
                ch.config().setAutoRead(true); // an idle connection must still notice the provider closing it
                if (keepAlive) {
                    pool.release(ch);
                } else {
                    ch.close();
                }
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

        /** The answer broke HTTP or one of the transport's size limits: the connection cannot be trusted further. */
        void invalid(Throwable cause) {
            release(channel);
            fail(new UpstreamProtocolException(cause instanceof TooLongFrameException
                    ? "its response head exceeded " + MAX_HEAD_BYTES + " bytes"
                    : "its response was not valid HTTP/1.1", cause));
        }

        @Override
        public void cancel() {
            if (ended.compareAndSet(false, true)) {
                release(channel);
            }
        }

        @Override
        public void updateReading(BooleanSupplier wanted) {
            Channel ch = channel;
            if (ch == null) {
                return;
            }
            Runnable update = () -> {
                if (ch.attr(CALL).get() == this) {
                    ch.config().setAutoRead(wanted.getAsBoolean());
                }
            };
            if (ch.eventLoop().inEventLoop()) {
                update.run(); // at once, so that a read loop under way stops after the read that filled the stream
            } else {
                ch.eventLoop().execute(update);
            }
        }

        @Override
        public boolean waitingForConnection() {
            return queued;
        }

        private void fail(Throwable cause) {
            if (ended.compareAndSet(false, true)) {
                listener.onError(cause);
            }
        }

        private void release(Channel ch) {
            if (ch != null && ch.attr(CALL).compareAndSet(this, null)) {
                ch.close(); // mid-answer: the connection cannot carry another call
            }
        }

        private static Throwable connectFailure(Throwable cause) {
            if (cause instanceof io.netty.channel.ConnectTimeoutException) {
                return new HttpConnectTimeoutException(cause.getMessage());
            }
            if (cause instanceof ConnectException || cause instanceof HostConnectionPool.PoolExhaustedException) {
                return cause;
            }
            return new ConnectException(String.valueOf(cause.getMessage())).initCause(cause);
        }
    }

    /** Hands each part of a response to the call that owns the connection, and closes idle connections. */
    private static final class ResponseHandler extends SimpleChannelInboundHandler<HttpObject> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            Call call = ctx.channel().attr(CALL).get();
            if (call == null) {
                if (msg.decoderResult().isFailure()) {
                    ctx.close();
                }
                return;
            }
            if (msg.decoderResult().isFailure()) {
                call.invalid(msg.decoderResult().cause());
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
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof IdleStateEvent && ctx.channel().attr(CALL).get() == null) {
                ctx.close(); // unused for the idle timeout: give the file back (a call may wait longer on its answer)
            } else {
                ctx.fireUserEventTriggered(event);
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
