package io.camelgateway.batch;

import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;

import io.camelgateway.api.GatewayException;
import io.camelgateway.http.ClientText;
import io.camelgateway.http.UnknownUrl;
import io.camelgateway.store.StoreException;

/**
 * What the endpoints over the store share (files, batches, stored responses): the store's failures as a 503, how
 * their URLs name an item, and their URLs' 404 and 405.
 */
public final class StoreCalls {
    private StoreCalls() {
    }

    /** The store's answer; a store that cannot be reached is a 503. */
    public static <T> T run(Supplier<T> work) {
        try {
            return work.get();
        } catch (StoreException e) {
            throw new GatewayException(503, "server_error", "store_unavailable", null,
                    "The gateway's store cannot be reached; try again shortly.", null, e);
        }
    }

    /** The parts of the URL's path after the collection's: none for the collection itself. */
    private static String[] subPath(Exchange exchange, String collection) {
        String path = path(exchange);
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.equals(collection)) {
            return new String[0];
        }
        if (!path.startsWith(collection + "/")) {
            throw unknownUrl(exchange);
        }
        return path.substring(collection.length() + 1).split("/", -1);
    }

    /**
     * Reads which item of the collection the URL names, and whether it asks for the item's one sub-resource:
     * {@code collection} sets neither property, {@code collection/{id}} sets idProperty, and
     * {@code collection/{id}/{subResource}} sets subProperty true as well. Any other URL under it is a 404.
     */
    public static void address(Exchange exchange, String collection, Pattern id, String idProperty,
                               String subResource, String subProperty) {
        String[] parts = subPath(exchange, collection);
        exchange.removeProperty(idProperty);
        exchange.removeProperty(subProperty);
        if (parts.length == 0) {
            return;
        }
        if (parts.length > 2 || !id.matcher(parts[0]).matches()
                || parts.length == 2 && !parts[1].equals(subResource)) {
            throw unknownUrl(exchange);
        }
        exchange.setProperty(idProperty, parts[0]);
        exchange.setProperty(subProperty, parts.length == 2);
    }

    public static GatewayException unknownUrl(Exchange exchange) {
        return new GatewayException(404, "invalid_request_error", "unknown_url", "Invalid URL ("
                + exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class) + " "
                + ClientText.printable(path(exchange), 100) + ").");
    }

    public static GatewayException notAllowed(Exchange exchange, String allowed) {
        exchange.getMessage().setHeader(UnknownUrl.ALLOW, allowed);
        return new GatewayException(405, "invalid_request_error", "method_not_allowed",
                exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class) + " is not allowed on "
                        + ClientText.printable(path(exchange), 100) + "; use " + allowed.replace(", ", " or ") + ".");
    }

    private static String path(Exchange exchange) {
        String uri = exchange.getMessage().getHeader(Exchange.HTTP_URI, "", String.class);
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }
}
