package io.camelgateway.http;

import java.io.ByteArrayInputStream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.stream.ChunkedWriteHandler;
import org.apache.camel.component.netty.http.OutboundStreamHttpResponse;

import io.camelgateway.api.ChatCompletionChunk;
import io.camelgateway.api.ChatStream;

/**
 * Sends a {@link ChatStream} as server-sent events (in the caller's API's shape, see {@link SseEncoder}) without parking a thread. Camel's outbound stream handler
 * writes the head and hands this object to Netty's ChunkedWriteHandler as a chunk source: {@link #readChunk}
 * returns what is queued or null (which suspends the transfer), and every new chunk resumes it. The handler calls
 * {@link #close} once the last chunk is written or the connection is gone: from then on the connection, which may
 * carry many more answers, holds nothing of this one, and the stream nothing of the connection.
 */
final class SseHttpResponse extends OutboundStreamHttpResponse {
    private final ChatStream stream;
    private final SseEncoder encoder;
    private final Channel channel;
    private final boolean closeAtEnd;
    private final ChannelFutureListener cancelWhenClientLeaves;
    private volatile boolean endSent;

    /** @param closeAtEnd close the connection after the last event (the head says Connection: close) */
    SseHttpResponse(ChatStream stream, SseEncoder encoder, HttpHeaders headers, Channel channel, boolean closeAtEnd) {
        super(new ByteArrayInputStream(new byte[0]), new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
        this.stream = stream;
        this.encoder = encoder;
        this.channel = channel;
        this.closeAtEnd = closeAtEnd;
        this.cancelWhenClientLeaves = closed -> stream.cancel();
        headers().set(headers);
        ChunkedWriteHandler writer = channel.pipeline().get(ChunkedWriteHandler.class);
        channel.closeFuture().addListener(cancelWhenClientLeaves);
        stream.onAvailable(writer::resumeTransfer);
    }

    @Override
    public HttpContent readChunk(ByteBufAllocator allocator) {
        if (endSent) {
            return null;
        }
        ByteBuf events = null;
        ChatCompletionChunk chunk;
        while ((chunk = stream.poll()) != null) {
            if (events == null) {
                events = allocator.buffer();
            }
            encoder.chunk(events, chunk);
        }
        if (events != null && events.readableBytes() == 0) {
            events.release();
            events = null;
        }
        if (events != null) {
            return new DefaultHttpContent(events);
        }
        if (!stream.isEnded()) {
            return null;
        }
        endSent = true;
        ByteBuf last = allocator.buffer();
        encoder.end(last, stream.error());
        return new DefaultLastHttpContent(last);
    }

    @Override
    @Deprecated
    public HttpContent readChunk(ChannelHandlerContext ctx) {
        return readChunk(ctx.alloc());
    }

    @Override
    public boolean isEndOfInput() {
        return endSent;
    }

    @Override
    public void close() {
        channel.closeFuture().removeListener(cancelWhenClientLeaves);
        // The provider side may hold a cancelled stream a while longer; it must not hold this connection with it.
        stream.onAvailable(() -> { });
        if (!endSent) {
            stream.cancel();
        } else if (closeAtEnd) {
            channel.close();
        }
    }

    @Override
    public long length() {
        return -1;
    }

    @Override
    public long progress() {
        return 0;
    }
}
