package io.camelgateway.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
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
import io.camelgateway.api.Json;

/**
 * Sends a {@link ChatStream} as server-sent events, in the caller's {@link SseDialect}, without parking a thread. Camel's outbound stream handler
 * writes the head and hands this object to Netty's ChunkedWriteHandler as a chunk source: {@link #readChunk}
 * returns what is queued or null (which suspends the transfer), and every new chunk resumes it. The handler calls
 * {@link #close} once the last chunk is written or the connection is gone: from then on the connection, which may
 * carry many more answers, holds nothing of this one, and the stream nothing of the connection.
 */
final class SseHttpResponse extends OutboundStreamHttpResponse {
    private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END_OF_LINE = "\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END_OF_EVENT = "\n\n".getBytes(StandardCharsets.US_ASCII);

    private final ChatStream stream;
    private final SseDialect dialect;
    private final Channel channel;
    private final boolean closeAtEnd;
    private final ChannelFutureListener cancelWhenClientLeaves;
    private volatile boolean endSent;

    /** @param closeAtEnd close the connection after the last event (the head says Connection: close) */
    SseHttpResponse(ChatStream stream, SseDialect dialect, HttpHeaders headers, Channel channel, boolean closeAtEnd) {
        super(new ByteArrayInputStream(new byte[0]), new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
        this.stream = stream;
        this.dialect = dialect;
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
        EventWriter events = null;
        ChatCompletionChunk chunk;
        while ((chunk = stream.poll()) != null) {
            if (events == null) {
                events = new EventWriter(allocator.buffer());
            }
            dialect.chunk(chunk, events);
        }
        if (events != null && events.out.isReadable()) {
            return new DefaultHttpContent(events.out);
        }
        if (!stream.isEnded()) {
            if (events != null) {
                events.out.release(); // chunks the dialect wrote nothing for
            }
            return null;
        }
        endSent = true;
        EventWriter last = events != null ? events : new EventWriter(allocator.buffer());
        dialect.end(stream.error(), last);
        return new DefaultLastHttpContent(last.out);
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

    /** Writes a dialect's events into one buffer. */
    private static final class EventWriter implements SseDialect.Events {
        final ByteBuf out;

        EventWriter(ByteBuf out) {
            this.out = out;
        }

        @Override
        public void event(String name, Object data) {
            if (name != null) {
                out.writeBytes(EVENT).writeCharSequence(name, StandardCharsets.UTF_8);
                out.writeBytes(END_OF_LINE);
            }
            out.writeBytes(DATA);
            try {
                Json.MAPPER.writeValue((java.io.OutputStream) new ByteBufOutputStream(out), data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.writeBytes(END_OF_EVENT);
        }

        @Override
        public void literal(String data) {
            out.writeBytes(DATA).writeCharSequence(data, StandardCharsets.UTF_8);
            out.writeBytes(END_OF_EVENT);
        }
    }
}
