package io.camelgateway.http;

import java.util.LinkedHashMap;
import java.util.Map;

import io.netty.handler.codec.http.HttpRequest;

import io.camelgateway.security.RequestHead;

/** A request head as Netty decoded it, before its body is read. */
final class NettyRequestHead implements RequestHead {
    private final HttpRequest request;
    private final String path;

    NettyRequestHead(HttpRequest request, String path) {
        this.request = request;
        this.path = path;
    }

    @Override
    public String method() {
        return request.method().name();
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String header(String name) {
        return request.headers().get(name);
    }

    @Override
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        request.headers().forEach(e -> headers.putIfAbsent(e.getKey(), e.getValue()));
        return headers;
    }
}
