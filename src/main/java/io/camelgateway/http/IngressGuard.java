package io.camelgateway.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerAdapter;
import org.apache.camel.component.netty.ChannelHandlerFactory;

import io.camelgateway.metering.RequestEndListener;
import io.camelgateway.security.CallerAuthenticator;

/**
 * The HTTP endpoints' guard (endpoint option encoders=#ingressGuard, which Camel places between Netty's HTTP codec
 * and its aggregator): each connection gets a {@link GuardedConnection}, and all of them share the connection
 * limit. A request is checked on its head, before its body is buffered, with the same decision the routes'
 * {@link CallerAuthenticator} makes (where a scheme must ask a server, the route decides once the body is in).
 * While the HTTP routes are replaced, requests wait at the {@link IngressGate}.
 */
public class IngressGuard extends ChannelHandlerAdapter implements ChannelHandlerFactory {
    private final IngressLimits limits;
    private final ConnectionSlots slots;
    private final RequestScreen screen;
    private final IngressGate gate;
    private volatile RequestEndListener refusals = RequestEndListener.NONE;

    public IngressGuard(IngressLimits limits, CallerAuthenticator authenticator, IngressGate gate) {
        this.limits = limits;
        this.gate = gate;
        this.slots = new ConnectionSlots(limits.maxConnections());
        this.screen = new RequestScreen(authenticator.schemes(), limits.maxBodyBytes());
    }

    public IngressLimits limits() {
        return limits;
    }

    /** Hears of each request refused on its head, for the audit log. */
    public void setRefusals(RequestEndListener refusals) {
        this.refusals = refusals;
    }

    /** Client connections open now. */
    public int openConnections() {
        return slots.open();
    }

    @Override
    public ChannelHandler newChannelHandler() {
        return new GuardedConnection(limits, slots, screen, gate, refusals);
    }
}
