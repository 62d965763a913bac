package io.camelgateway.provider;

import java.io.IOException;

/**
 * A provider's 2xx answer that holds no answer: an error object, no choices or candidates, an empty body. Its
 * message is the gateway's own description (never the provider's text), so the caller may see it.
 */
public class InvalidAnswerException extends IOException {

    public InvalidAnswerException(String reason) {
        super(reason);
    }
}
