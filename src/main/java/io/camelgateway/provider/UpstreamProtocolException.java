package io.camelgateway.provider;

import java.io.IOException;

/** A provider's answer broke HTTP or one of the gateway's limits on what it reads: the provider's fault. */
final class UpstreamProtocolException extends IOException {
    UpstreamProtocolException(String what, Throwable cause) {
        super(what, cause);
    }
}
