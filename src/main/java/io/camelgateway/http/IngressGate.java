package io.camelgateway.http;

import java.util.concurrent.CompletableFuture;

/**
 * Closed while a route file's HTTP routes are being replaced, so that the ingress guard holds the requests that
 * arrive meanwhile instead of handing them to Camel's netty-http, which has no route for them then: it answers a
 * suspended route's path with an empty 503, and a path whose route is gone with an empty 404 or another route's.
 */
public class IngressGate {
    private static final CompletableFuture<Void> OPEN = CompletableFuture.completedFuture(null);

    private volatile CompletableFuture<Void> opened = OPEN;

    /** Requests that arrive from now on wait for {@link #open()}. */
    public synchronized void close() {
        if (opened.isDone()) {
            opened = new CompletableFuture<>();
        }
    }

    /** The routes are in place again: the requests held go on. */
    public synchronized void open() {
        CompletableFuture<Void> closed = opened;
        opened = OPEN;
        closed.complete(null);
    }

    /** Done when requests may go to the routes: at once, unless a replacement is under way. */
    CompletableFuture<Void> opened() {
        return opened;
    }
}
