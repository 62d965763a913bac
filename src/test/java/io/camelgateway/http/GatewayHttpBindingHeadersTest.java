package io.camelgateway.http;

import java.util.Map;

import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import org.apache.camel.Exchange;
import org.apache.camel.component.netty.http.DefaultNettyHttpBinding;
import org.apache.camel.component.netty.http.NettyHttpConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.util.CaseInsensitiveMap;
import org.junit.jupiter.api.Test;

import io.camelgateway.GatewayConstants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A request with a plain path gets the gateway binding's own, cheaper reading of its headers: routes must see the
 * same message headers as Camel's binding gives them, names, values and repeated headers alike.
 */
class GatewayHttpBindingHeadersTest {
    private final DefaultCamelContext camel = new DefaultCamelContext();

    @Test
    void aChatRequestsHeadersAreThoseCamelsBindingSets() throws Exception {
        FullHttpRequest request = request(HttpMethod.POST, "/v1/chat/completions");
        request.headers().add("Host", "127.0.0.1:18080").add("Content-Type", "application/json")
                .add("Authorization", "Bearer gw-key").add("Content-Length", "42").add("User-Agent", "sdk/1.0")
                .add("Accept", "application/json").add("Accept", "text/event-stream")
                .add("x-gateway-cache-ttl", "60").add("x-gateway-provider", "mine").add("Retry-After", "1")
                .add("X-Team-Note", "a, b").add("CamelHttpResponseCode", "201");

        assertSameAsCamels(request, configuration("0.0.0.0", 18080, "/v1/chat/completions", false));
    }

    @Test
    void aPathUnderItsEndpointWithBasicAuthenticationIsReadAsCamelReadsIt() throws Exception {
        FullHttpRequest request = request(HttpMethod.GET, "/V1/Models/gpt-4o-mini:free@org");
        request.headers().add("authorization", "Basic dXNlcjpwYXNz").add("content-type", "text/plain");

        assertSameAsCamels(request, configuration("localhost", 80, "/v1/models", false));
        assertSameAsCamels(request, configuration("gateway.example", 443, null, true));
    }

    @Test
    void onlyAPathWhoseCharactersNeedNoDecodingIsPlain() {
        assertTrue(GatewayHttpBinding.isPlainPath("/v1/chat/completions"));
        assertTrue(GatewayHttpBinding.isPlainPath("/"));
        assertFalse(GatewayHttpBinding.isPlainPath("/v1/a%20b"), "an escape: Camel's path is decoded");
        assertFalse(GatewayHttpBinding.isPlainPath("//host/v1/models"), "an authority, not a path");
        assertFalse(GatewayHttpBinding.isPlainPath("http://host/v1/models"));
        assertFalse(GatewayHttpBinding.isPlainPath("/v1/x y"));
        assertFalse(GatewayHttpBinding.isPlainPath("/v1/x#part"));
        assertFalse(GatewayHttpBinding.isPlainPath("/v1/modèle"));
    }

    private void assertSameAsCamels(FullHttpRequest request, NettyHttpConfiguration configuration) throws Exception {
        Exchange exchange = new DefaultExchange(camel);
        Map<String, Object> camels = new CaseInsensitiveMap();
        new DefaultNettyHttpBinding(new GatewayHeaderFilterStrategy())
                .populateCamelHeaders(request, camels, exchange, configuration);
        GatewayHttpBinding binding = new GatewayHttpBinding();
        binding.setHeaderFilterStrategy(new GatewayHeaderFilterStrategy());
        Map<String, Object> gateways = new CaseInsensitiveMap();
        binding.populateCamelHeaders(request, gateways, exchange, configuration);

        camels.put(GatewayConstants.HEADER_REQUEST_ID, exchange.getProperty(GatewayConstants.REQUEST_ID));
        assertEquals(camels.toString(), gateways.toString());
        assertEquals(camels, gateways);
    }

    private static FullHttpRequest request(HttpMethod method, String uri) {
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri);
    }

    private static NettyHttpConfiguration configuration(String host, int port, String path, boolean ssl) {
        NettyHttpConfiguration configuration = new NettyHttpConfiguration();
        configuration.setHost(host);
        configuration.setPort(port);
        configuration.setPath(path);
        configuration.setSsl(ssl);
        return configuration;
    }
}
