package io.camelgateway.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.apache.camel.component.netty.ChannelHandlerFactory;

import io.camelgateway.api.ApiError;
import io.camelgateway.api.Json;

/**
 * A Netty decoder (endpoint option decoders=#requestSizeLimit) that answers a body over the limit with a 413 in
 * OpenAI's error shape before it is buffered, and closes the connection. Netty's own aggregator would send an
 * empty 413 instead.
 */
public class RequestSizeLimit extends ChannelHandlerAdapter implements ChannelHandlerFactory {
    private final long maxBytes;

    public RequestSizeLimit(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    public long maxBytes() {
        return maxBytes;
    }

    @Override
    public ChannelHandler newChannelHandler() {
        return new Guard();
    }

    private final class Guard extends ChannelInboundHandlerAdapter {
        private long received;
        private boolean rejected;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest request) {
                received = 0;
                rejected = false;
                if (HttpUtil.getContentLength(request, -1L) > maxBytes) {
                    reject(ctx);
                }
            }
            if (msg instanceof HttpContent content) {
                received += content.content().readableBytes();
                if (!rejected && received > maxBytes) {
                    reject(ctx);
                }
            }
            if (!rejected) {
                ctx.fireChannelRead(msg);
                return;
            }
            ReferenceCountUtil.release(msg);
            // Read the rest before closing: closing on a client still sending resets the connection, and the client
            // would never see the 413. A client that keeps sending far past the limit is cut off.
            if (msg instanceof LastHttpContent || received > maxBytes * 4) {
                ctx.channel().close();
            }
        }

        private void reject(ChannelHandlerContext ctx) {
            rejected = true;
            byte[] body = Json.write(new ApiError("The request body is larger than the gateway's limit of "
                    + maxBytes + " bytes.", "invalid_request_error", null, "request_too_large"));
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Unpooled.wrappedBuffer(body));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            response.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            // From the channel, not ctx: the response encoder sits after this handler in the pipeline.
            ctx.channel().writeAndFlush(response);
        }
    }
}
