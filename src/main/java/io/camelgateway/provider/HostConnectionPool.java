package io.camelgateway.provider;

import java.time.Duration;
import java.util.Deque;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * The keep-alive connections to one provider host, at most {@code maxConnectionsPerHost} of them whichever event
 * loops ask: one cap per host rather than per loop, so the files held for a provider do not grow with the loops.
 * A call takes an idle connection (its own loop's first, so answering its caller needs no thread hand-over, then
 * any loop's), else opens one while under the cap, else waits for one to come back, at most {@code connectionWait};
 * as many calls as the cap may wait. Closing idle connections is the pipeline's job (the transport's idle
 * handler); a closed connection frees its place here.
 */
final class HostConnectionPool {
    private final Bootstrap bootstrap;
    private final String host;
    private final UpstreamSettings settings;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();
    private final Map<EventLoop, Deque<Channel>> idle = new ConcurrentHashMap<>();
    private final Queue<Waiter> waiters = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    /** @param bootstrap connects to the host and sets up each new channel's pipeline; its group is chosen here */
    HostConnectionPool(Bootstrap bootstrap, String host, UpstreamSettings settings) {
        this.bootstrap = bootstrap;
        this.host = host;
        this.settings = settings;
    }

    /**
     * A connection for a call that wants to run on this loop; fails with {@link PoolExhaustedException}.
     *
     * @param onQueued runs when the call has to wait for a connection to come free
     */
    Future<Channel> acquire(EventLoop loop, Duration connectTimeout, Runnable onQueued) {
        Promise<Channel> promise = loop.newPromise();
        Channel ch = takeIdle(loop);
        if (ch != null) {
            promise.setSuccess(ch);
        } else if (reserve()) {
            connect(loop, connectTimeout, promise);
        } else if (waiting.incrementAndGet() > settings.maxConnectionsPerHost() || closed) {
            waiting.decrementAndGet();
            promise.setFailure(exhausted());
        } else {
            Waiter waiter = new Waiter(loop, connectTimeout, promise);
            waiter.timeout = loop.schedule(() -> {
                if (waiters.remove(waiter)) {
                    waiting.decrementAndGet();
                    promise.tryFailure(exhausted());
                }
            }, settings.connectionWait().toMillis(), TimeUnit.MILLISECONDS);
            onQueued.run();
            waiters.add(waiter);
            serveWaiters(); // a connection may have come back between the checks above and the queueing
        }
        return promise;
    }

    /** A connection whose call has ended; a closed one has already given its place back. */
    void release(Channel ch) {
        if (!ch.isActive()) {
            return;
        }
        Waiter waiter = nextWaiter();
        if (waiter != null && waiter.promise.trySuccess(ch)) {
            return;
        }
        idle.computeIfAbsent(ch.eventLoop(), l -> new ConcurrentLinkedDeque<>()).addFirst(ch);
        serveWaiters();
    }

    /** Connections open or being opened now. */
    int open() {
        return open.get();
    }

    void close() {
        closed = true;
        idle.values().forEach(d -> d.forEach(Channel::close));
        Waiter waiter;
        while ((waiter = nextWaiter()) != null) {
            waiter.promise.tryFailure(exhausted());
        }
    }

    private boolean reserve() {
        while (true) {
            int n = open.get();
            if (n >= settings.maxConnectionsPerHost() || closed) {
                return false;
            }
            if (open.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    private void connect(EventLoop loop, Duration connectTimeout, Promise<Channel> promise) {
        ChannelFuture connecting;
        try {
            connecting = bootstrap.clone(loop)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                            (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                    .connect();
        } catch (RuntimeException e) { // e.g. no file left for a socket
            freed();
            promise.tryFailure(e);
            return;
        }
        Channel ch = connecting.channel();
        // A channel that never opened (no socket) may never report its closing: its place is freed once, either way.
        AtomicBoolean gone = new AtomicBoolean();
        ch.closeFuture().addListener(closed -> {
            if (gone.compareAndSet(false, true)) {
                Deque<Channel> loopIdle = idle.get(loop);
                if (loopIdle != null) {
                    loopIdle.remove(ch);
                }
                freed();
            }
        });
        connecting.addListener(connected -> {
            if (!connected.isSuccess()) {
                if (gone.compareAndSet(false, true)) {
                    freed();
                }
                promise.tryFailure(connected.cause());
                if (ch.isRegistered()) {
                    ch.close();
                }
            } else if (!promise.trySuccess(ch)) {
                release(ch);
            }
        });
    }

    private void freed() {
        open.decrementAndGet();
        serveWaiters();
    }

    /** Gives waiting calls what has become free: an idle connection, or room for a new one. */
    private void serveWaiters() {
        while (!waiters.isEmpty()) {
            Channel ch = takeIdle(null);
            if (ch == null && !reserve()) {
                return;
            }
            Waiter waiter = nextWaiter();
            if (waiter == null) {
                if (ch != null) {
                    release(ch);
                } else {
                    freed();
                }
                return;
            }
            if (ch == null) {
                connect(waiter.loop, waiter.connectTimeout, waiter.promise);
            } else if (!waiter.promise.trySuccess(ch)) {
                release(ch);
            }
        }
    }

    private Waiter nextWaiter() {
        Waiter waiter = waiters.poll();
        if (waiter != null) {
            waiting.decrementAndGet();
            waiter.timeout.cancel(false);
        }
        return waiter;
    }

    /** The most recently used live idle connection, on this loop when there is one (null: any loop). */
    private Channel takeIdle(EventLoop preferred) {
        if (preferred != null) {
            Channel ch = pollLive(idle.get(preferred));
            if (ch != null) {
                return ch;
            }
        }
        for (Deque<Channel> loopIdle : idle.values()) {
            Channel ch = pollLive(loopIdle);
            if (ch != null) {
                return ch;
            }
        }
        return null;
    }

    private static Channel pollLive(Deque<Channel> loopIdle) {
        if (loopIdle == null) {
            return null;
        }
        Channel ch;
        while ((ch = loopIdle.pollFirst()) != null) {
            if (ch.isActive()) {
                return ch;
            }
        }
        return null;
    }

    private PoolExhaustedException exhausted() {
        return new PoolExhaustedException("All " + settings.maxConnectionsPerHost() + " connections to " + host
                + " are busy and none came free within " + settings.connectionWait().toMillis() + " ms");
    }

    private static final class Waiter {
        final EventLoop loop;
        final Duration connectTimeout;
        final Promise<Channel> promise;
        volatile ScheduledFuture<?> timeout;

        Waiter(EventLoop loop, Duration connectTimeout, Promise<Channel> promise) {
            this.loop = loop;
            this.connectTimeout = connectTimeout;
            this.promise = promise;
        }
    }

    /** No connection to the host came free in time: the gateway's own limit, not the provider's fault. */
    static final class PoolExhaustedException extends Exception {
        PoolExhaustedException(String message) {
            super(message, null, false, false);
        }
    }
}
