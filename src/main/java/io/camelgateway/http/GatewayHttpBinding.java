package io.camelgateway.http;

import java.util.Map;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.netty.NettyConstants;
import org.apache.camel.component.netty.http.DefaultNettyHttpBinding;
import org.apache.camel.component.netty.http.NettyHttpConfiguration;

import io.camelgateway.api.ChatStream;

/**
 * Camel's Netty HTTP binding, plus: a {@link ChatStream} body goes out as server-sent events, and a body is always
 * JSON, whatever Content-Type a client sent (curl -d says form-urlencoded, which Camel would split into headers).
 */
public class GatewayHttpBinding extends DefaultNettyHttpBinding {

    @Override
    public void populateCamelHeaders(HttpRequest request, Map<String, Object> headers, Exchange exchange,
                                     NettyHttpConfiguration configuration) throws Exception {
        String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
            request.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        }
        super.populateCamelHeaders(request, headers, exchange, configuration);
    }

    @Override
    public HttpResponse toNettyResponse(Message message, NettyHttpConfiguration configuration) throws Exception {
        if (!(message.getBody() instanceof ChatStream stream)) {
            return super.toNettyResponse(message, configuration);
        }
        ChannelHandlerContext ctx = message.getHeader(NettyConstants.NETTY_CHANNEL_HANDLER_CONTEXT,
                ChannelHandlerContext.class);
        // Let Camel build the head (status, allowed headers, keep-alive) around an empty body, then stream instead.
        message.setBody(null);
        HttpResponse head = super.toNettyResponse(message, configuration);
        HttpHeaders headers = head.headers().copy();
        ReferenceCountUtil.release(head);
        headers.remove(HttpHeaderNames.CONTENT_LENGTH);
        headers.set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        headers.set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        message.setBody(stream);
        return new SseHttpResponse(stream, headers, ctx.channel());
    }
}
