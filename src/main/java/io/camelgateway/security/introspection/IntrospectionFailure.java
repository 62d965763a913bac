package io.camelgateway.security.introspection;

/**
 * Why the introspection endpoint could not say whether a token is active: the gateway answers 503, never lets the
 * request through, and does not keep the failure (the next request asks again).
 *
 * @see #category() a short name for log lines and metrics
 */
final class IntrospectionFailure extends RuntimeException {
    private final String category;

    /** @param detail for the operator's log: never a token or the client secret */
    IntrospectionFailure(String category, String detail) {
        super(detail, null, false, false);
        this.category = category;
    }

    String category() {
        return category;
    }
}
