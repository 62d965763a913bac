package io.camelgateway.metering;

/**
 * Hears of each request once its answer has ended (a stream: its last chunk or its error), with its usage and
 * cost: the audit log, the usage store, budgets. It runs on the thread that ended the answer (a Netty event loop
 * or the provider client's): hand anything slow to another thread.
 */
@FunctionalInterface
public interface RequestEndListener {
    RequestEndListener NONE = record -> { };

    void ended(RequestRecord record);
}
