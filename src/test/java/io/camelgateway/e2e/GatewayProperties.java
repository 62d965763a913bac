package io.camelgateway.e2e;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gateway properties (gateway-defaults.properties keys) for a {@link GatewayTestSupport} class: {@code "key=value"};
 * on an annotation, for the classes that carry that one.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@interface GatewayProperties {
    String[] value();
}
