package io.camelgateway.simulator;

import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AttributeKey;

/**
 * A provider's limit on calls under way at once, as a real provider enforces its rate limits: a call beyond it is
 * answered 429 at once. A call is under way from its request until the last byte of its answer is written (a
 * stream: its last event) or its connection closes; HTTP/1.1 without pipelining has one per connection.
 */
@ChannelHandler.Sharable
final class CallLimit extends ChannelDuplexHandler {
    private static final AttributeKey<Boolean> UNDER_WAY = AttributeKey.valueOf("sim-call-under-way");

    private final AtomicInteger underWay = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile int limit;

    /** Calls allowed at once; 0 for no limit. */
    void limit(int calls) {
        if (calls < 0) {
            throw new IllegalArgumentException("a call limit is 0 (none) or more: " + calls);
        }
        this.limit = calls;
    }

    int limit() {
        return limit;
    }

    /** Starts a call on this connection; false (counted as refused) when the limit is reached. */
    boolean tryStart(Channel channel) {
        int max = limit;
        while (true) {
            int now = underWay.get();
            if (max > 0 && now >= max) {
                refused.incrementAndGet();
                return false;
            }
            if (underWay.compareAndSet(now, now + 1)) {
                peak.accumulateAndGet(now + 1, Math::max);
                channel.attr(UNDER_WAY).set(Boolean.TRUE);
                return true;
            }
        }
    }

    int underWay() {
        return underWay.get();
    }

    int peak() {
        return peak.get();
    }

    int refused() {
        return refused.get();
    }

    void resetCounts() {
        peak.set(underWay.get());
        refused.set(0);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        boolean last = msg instanceof LastHttpContent;
        ctx.write(msg, promise);
        if (last) {
            end(ctx.channel());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        end(ctx.channel());
        ctx.fireChannelInactive();
    }

    private void end(Channel channel) {
        if (Boolean.TRUE.equals(channel.attr(UNDER_WAY).getAndSet(null))) {
            underWay.decrementAndGet();
        }
    }
}
