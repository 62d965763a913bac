package io.camelgateway.security;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** A request as Camel's netty-http consumer put it in a message's headers. */
final class MessageHead implements RequestHead {
    private final Message message;

    MessageHead(Message message) {
        this.message = message;
    }

    @Override
    public String method() {
        return message.getHeader(Exchange.HTTP_METHOD, "", String.class);
    }

    @Override
    public String path() {
        String uri = message.getHeader(Exchange.HTTP_URI, "", String.class);
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }

    @Override
    public String header(String name) {
        return message.getHeader(name, String.class);
    }

    @Override
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        message.getHeaders().forEach((name, value) -> {
            if (value instanceof String text && !name.startsWith("Camel")) {
                headers.put(name, text);
            }
        });
        return headers;
    }
}
