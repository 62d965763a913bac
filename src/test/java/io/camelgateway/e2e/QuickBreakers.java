package io.camelgateway.e2e;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Breakers for a {@link GatewayTestSupport} class that open after 2 failures of the last 4 calls and stay open 1 s,
 * letting one call through half-open; retries are off, so each request is one call to each provider it tries.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@GatewayProperties({
        "gateway.breaker.window-calls=4",
        "gateway.breaker.minimum-calls=4",
        "gateway.breaker.failure-rate-percent=50",
        "gateway.breaker.open-ms=1000",
        "gateway.breaker.half-open-calls=1",
        "gateway.retry.max-retries=0"
})
@interface QuickBreakers {
}
