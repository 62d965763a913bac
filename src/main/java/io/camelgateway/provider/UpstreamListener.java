package io.camelgateway.provider;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;

/** Receives one upstream response as it arrives. All calls for one response come from one thread, in order. */
interface UpstreamListener {

    void onHead(int status, HttpHeaders headers);

    /** A piece of the body; the buffer is only valid during the call. */
    void onContent(ByteBuf content);

    void onComplete();

    /** The call failed: no connection, a cut connection, or a write error. Nothing follows. */
    void onError(Throwable failure);
}
