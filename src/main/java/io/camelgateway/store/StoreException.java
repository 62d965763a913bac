package io.camelgateway.store;

/** The store could not do what was asked: the database is unreachable, or refused the statement. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
