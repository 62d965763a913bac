package io.camelgateway.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.netty.NettyConstants;
import org.apache.camel.component.netty.http.DefaultNettyHttpBinding;
import org.apache.camel.component.netty.http.NettyHttpConfiguration;
import org.apache.camel.component.netty.http.NettyHttpConstants;
import org.apache.camel.component.netty.http.NettyHttpHelper;
import org.apache.camel.component.netty.http.NettyHttpMessage;
import org.apache.camel.spi.HeaderFilterStrategy;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.ChatStream;

/**
 * Camel's Netty HTTP binding, plus: a {@link ChatStream} body goes out as server-sent events, and a body is always
 * JSON, whatever Content-Type a client sent (curl -d says form-urlencoded, which Camel would split into headers), and
 * query parameters never become message headers. A failure no onException step answered goes out in OpenAI's error
 * shape too (Anthropic's on the Messages ingress), never as Camel's stack trace.
 */
public class GatewayHttpBinding extends DefaultNettyHttpBinding {
    private final OpenAiErrorResponder errors = new OpenAiErrorResponder();

    @Override
    public void populateCamelHeaders(HttpRequest request, Map<String, Object> headers, Exchange exchange,
                                     NettyHttpConfiguration configuration) throws Exception {
        String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
            request.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        }
        // After Camel's own headers, which leave out the caller's x-request-id: only a sane one comes back.
        String requestId = RequestIds.of(request);
        exchange.setProperty(GatewayConstants.REQUEST_ID, requestId);
        int query = request.uri().indexOf('?');
        if (query < 0) {
            if (isPlainPath(request.uri())) {
                populatePlainRequestHeaders(request, headers, exchange, configuration);
            } else {
                super.populateCamelHeaders(request, headers, exchange, configuration);
            }
            headers.put(GatewayConstants.HEADER_REQUEST_ID, requestId);
            return;
        }
        // Camel would turn each query parameter into a header: a caller's ?api-key= would pass for a key header,
        // and ?x-gateway-...= would come back as a response header. The query stays in CamelHttpQuery only.
        HttpRequest withoutQuery = new DefaultHttpRequest(request.protocolVersion(), request.method(),
                request.uri().substring(0, query), request.headers());
        super.populateCamelHeaders(withoutQuery, headers, exchange, configuration);
        URI uri = new URI(request.uri());
        headers.put(Exchange.HTTP_QUERY, uri.getQuery());
        headers.put(Exchange.HTTP_RAW_QUERY, uri.getRawQuery());
        headers.put(GatewayConstants.HEADER_REQUEST_ID, requestId);
    }

    /**
     * The headers Camel's binding sets for a request whose URI is a plain path, the same names and values, without
     * what made that cost a few percent of a request's CPU: a java.net.URI parse, and a set of the header names and
     * a new list of each one's values, when the path alone says the URI's parts and the headers can be read in turn.
     */
    private void populatePlainRequestHeaders(HttpRequest request, Map<String, Object> headers, Exchange exchange,
                                             NettyHttpConfiguration configuration) throws Exception {
        String path = request.uri();
        String scheme = configuration.isSsl() ? "https://" : "http://";
        int port = configuration.getPort();
        headers.put(NettyHttpConstants.HTTP_METHOD, request.method().name());
        headers.put(NettyHttpConstants.HTTP_URL, port != 80 && port != 443
                ? scheme + configuration.getHost() + ":" + port + path : scheme + configuration.getHost() + path);
        headers.put(NettyHttpConstants.HTTP_URI, path);
        headers.put(NettyHttpConstants.HTTP_QUERY, null);
        headers.put(NettyHttpConstants.HTTP_RAW_QUERY, null);
        headers.put(Exchange.HTTP_SCHEME, null);
        headers.put(Exchange.HTTP_HOST, null);
        headers.put(Exchange.HTTP_PORT, configuration.isSsl() ? 443 : 80);
        String endpointPath = configuration.getPath();
        headers.put(NettyHttpConstants.HTTP_PATH, endpointPath != null
                && path.regionMatches(true, 0, endpointPath, 0, endpointPath.length())
                ? path.substring(endpointPath.length()) : path);
        HeaderFilterStrategy filter = getHeaderFilterStrategy();
        for (Map.Entry<String, String> header : request.headers()) {
            String name = header.getKey();
            if (name.equalsIgnoreCase("content-type")) {
                name = NettyHttpConstants.CONTENT_TYPE;
            }
            if (name.equalsIgnoreCase("authorization") && header.getValue().trim().startsWith("Basic")) {
                NettyHttpHelper.appendHeader(headers, NettyHttpConstants.HTTP_AUTHENTICATION, "Basic");
            }
            String value = shouldUrlDecodeHeader(configuration, name, header.getValue(), StandardCharsets.UTF_8);
            if (filter != null && !filter.applyFilterToExternalHeaders(name, value, exchange)) {
                NettyHttpHelper.appendHeader(headers, name, value);
            }
        }
    }

    /**
     * A path of unreserved characters, sub-delimiters, ':', '@' and '/' only, not "//" (an authority): a URI whose
     * path is all of it, percent-escapes none, with no scheme, host, port or query.
     */
    static boolean isPlainPath(String uri) {
        if (uri.isEmpty() || uri.charAt(0) != '/' || uri.startsWith("//")) {
            return false;
        }
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            boolean plain = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "-._~!$&'()*+,;=:@/".indexOf(c) >= 0;
            if (!plain) {
                return false;
            }
        }
        return true;
    }

    @Override
    public HttpResponse toNettyResponse(Message message, NettyHttpConfiguration configuration) throws Exception {
        Exchange exchange = message.getExchange();
        if (exchange.getException() != null) {
            // A route without routeConfigurationId: openai-errors, or a request that met a route being stopped.
            exchange.setProperty(Exchange.EXCEPTION_CAUGHT, exchange.getException());
            errors.process(exchange);
            return jsonResponse(message, message.getBody(byte[].class));
        }
        Object body = message.getBody();
        if (body instanceof byte[] bytes) {
            return jsonResponse(message, bytes);
        }
        if (!(body instanceof ChatStream stream)) {
            return super.toNettyResponse(message, configuration);
        }
        ChannelHandlerContext ctx = message.getHeader(NettyConstants.NETTY_CHANNEL_HANDLER_CONTEXT,
                ChannelHandlerContext.class);
        // Let Camel build the head (status, allowed headers) around an empty body, then stream instead.
        message.setBody(null);
        HttpResponse head = super.toNettyResponse(message, configuration);
        HttpHeaders headers = head.headers().copy();
        ReferenceCountUtil.release(head);
        headers.remove(HttpHeaderNames.CONTENT_LENGTH);
        headers.set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        headers.set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        // HTTP/1.0 has no chunks: there the body runs to the close, whatever the client asked for.
        boolean chunked = !HttpVersion.HTTP_1_0.equals(requestVersion(message));
        boolean close = !chunked || closeRequested(message);
        if (chunked) {
            headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        } else {
            headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
        }
        headers.set(HttpHeaderNames.CONNECTION, close ? HttpHeaderValues.CLOSE : HttpHeaderValues.KEEP_ALIVE);
        // Camel would close once the head is written; the stream closes the connection after its last event instead.
        message.setHeader(NettyConstants.NETTY_CLOSE_CHANNEL_WHEN_COMPLETE, false);
        message.setBody(stream);
        SseEncoder encoder = exchange.getProperty(GatewayConstants.SSE_ENCODER, OpenAiSse.INSTANCE, SseEncoder.class);
        return new SseHttpResponse(stream, encoder, headers, ctx.channel(), close);
    }

    /** Camel marks a request that asked to close (HTTP/1.0 without keep-alive, Connection: close) this way. */
    private static boolean closeRequested(Message message) {
        String connection = message.getExchange().getProperty(NettyHttpConstants.CONNECTION, String.class);
        return HttpHeaderValues.CLOSE.contentEqualsIgnoreCase(connection);
    }

    private static HttpVersion requestVersion(Message message) {
        NettyHttpMessage in = message.getExchange().getIn(NettyHttpMessage.class);
        return in == null || in.getHttpRequest() == null ? HttpVersion.HTTP_1_1 : in.getHttpRequest().protocolVersion();
    }

    /**
     * The common case, a JSON answer or error, written directly: only the gateway's own headers are looked at,
     * instead of converting and filtering every header the request brought in.
     */
    private static HttpResponse jsonResponse(Message message, byte[] bytes) {
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(bytes));
        HttpHeaders headers = response.headers();
        headers.set(HttpHeaderNames.CONTENT_TYPE, message.getHeader(Exchange.CONTENT_TYPE, "application/json", String.class));
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        message.getHeaders().forEach((name, value) -> {
            if (value != null && GatewayHeaderFilterStrategy.isResponseHeader(name)) {
                headers.set(name, value.toString());
            }
        });
        if (status == 405) { // the methods the path takes, set by UnknownUrl (never the caller's own header)
            headers.set(HttpHeaderNames.ALLOW, message.getHeader(UnknownUrl.ALLOW, "", String.class));
        }
        if (closeRequested(message)) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            message.setHeader(NettyConstants.NETTY_CLOSE_CHANNEL_WHEN_COMPLETE, true);
        } else {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        return response;
    }
}
