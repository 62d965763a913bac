package io.camelgateway.provider;

import java.util.function.BooleanSupplier;

/** A provider call under way: the caller can stop it, and stop reading its answer while it cannot take more. */
interface UpstreamExchange {

    /** Stops the call, closing its connection; safe at any point and more than once. */
    void cancel();

    /**
     * Reads the answer on only while {@code wanted} holds. It is asked on the connection's own thread, after this
     * call returns, so call this again whenever its answer may have changed: the last call decides.
     */
    void updateReading(BooleanSupplier wanted);

    /** True while the call waits for a connection because its host is at the gateway's cap of connections. */
    boolean waitingForConnection();
}
