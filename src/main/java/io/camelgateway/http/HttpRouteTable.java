package io.camelgateway.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.apache.camel.component.netty.http.NettyHttpConfiguration;
import org.apache.camel.component.netty.http.handlers.HttpServerChannelHandler;

/**
 * The netty-http routes on one port, and the one a request goes to, chosen as Camel 4.18's multiplexer chooses it
 * (RestConsumerContextPathMatcher.matchBestPath, which the multiplexer calls per request with a new list of every
 * route, split paths and streams): of the routes whose method restriction names the request's method, the one with
 * the longest configured path that equals the request's path, or is a prefix of it with matchOnUriPrefix, ignoring
 * case and the slashes at either end; among equally long paths, the route added first. That is Camel's rule when no
 * route's path is a {template}; the table says null, for Camel's own matcher to decide, where it is not sure to
 * choose the same: a template or proxy route on the port, a path Camel would decode or trim, a method other than
 * the usual few (OPTIONS is answered by Camel itself), or no route at all.
 */
final class HttpRouteTable {
    static final HttpRouteTable EMPTY = new HttpRouteTable(List.of(), false);

    /** The methods the table decides for; Camel's restriction test on them is computed once per route. */
    private static final List<String> METHODS = List.of("GET", "POST", "DELETE", "PUT", "PATCH", "HEAD");

    /**
     * One route: its path as configured (whose length orders the routes) and without the slashes at either end (what
     * is compared), and the methods it takes, by index in METHODS.
     */
    private record Entry(HttpServerChannelHandler handler, String configured, String path, boolean prefix,
                         boolean[] takes) {
    }

    /** Longest configured path first; a stable sort keeps the order the routes were added among equals. */
    private final Entry[] entries;
    private final boolean camelDecides;

    private HttpRouteTable(List<Entry> entries, boolean camelDecides) {
        this.entries = entries.toArray(Entry[]::new);
        this.camelDecides = camelDecides;
    }

    /** The table for these routes, in the order they were added to the port. */
    static HttpRouteTable of(List<HttpServerChannelHandler> handlers) {
        List<Entry> entries = new ArrayList<>();
        boolean camelDecides = false;
        for (HttpServerChannelHandler handler : handlers) {
            NettyHttpConfiguration configuration = handler.getConsumer().getConfiguration();
            String path = configuration.getPath();
            if (configuration.isHttpProxy() || path == null || !isPlain(path, 0, path.length(), true)) {
                camelDecides = true;
                continue;
            }
            String restrict = handler.getConsumer().getEndpoint().getHttpMethodRestrict();
            boolean[] takes = new boolean[METHODS.size()];
            for (int i = 0; i < takes.length; i++) {
                // Camel's own test: the restriction, lower-cased, contains the method, lower-cased.
                takes[i] = restrict == null || restrict.toLowerCase(Locale.ENGLISH)
                        .contains(METHODS.get(i).toLowerCase(Locale.ENGLISH));
            }
            entries.add(new Entry(handler, path, withoutEndSlashes(path), configuration.isMatchOnUriPrefix(), takes));
        }
        entries.sort(Comparator.comparingInt((Entry entry) -> entry.configured.length()).reversed());
        return new HttpRouteTable(entries, camelDecides);
    }

    /** The route for this request, or null when Camel's own matcher must choose. */
    HttpServerChannelHandler choose(String method, String uri) {
        int m = METHODS.indexOf(method);
        if (camelDecides || m < 0) {
            return null;
        }
        int query = uri.indexOf('?');
        int end = query < 0 ? uri.length() : query;
        // Camel trims one slash from the end of a request's path, then one from each end of what is left.
        if (end == 0 || uri.charAt(0) != '/' || end > 1 && uri.charAt(end - 1) == '/' || !isPlain(uri, 1, end, false)) {
            return null;
        }
        int length = end - 1;
        for (Entry entry : entries) {
            int pathLength = entry.path.length();
            if (entry.takes[m] && (pathLength == length || entry.prefix && pathLength < length)
                    && uri.regionMatches(true, 1, entry.path, 0, pathLength)) {
                return entry.handler;
            }
        }
        return null;
    }

    private static String withoutEndSlashes(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }

    /**
     * ASCII letters, digits and "-._/" only, no empty segment inside ("//"): what Camel neither encodes, decodes, nor
     * reads as a template, and what compares the same with and without regard to case in any locale. A configured
     * path may start and end with a slash, or be empty.
     */
    private static boolean isPlain(String s, int from, int to, boolean configured) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            boolean plain = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_' || c == '/';
            if (!plain || c == '/' && i > from && s.charAt(i - 1) == '/') {
                return false;
            }
        }
        return configured || to == from || s.charAt(from) != '/';
    }
}
