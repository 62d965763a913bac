package io.camelgateway.e2e;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** What a {@link GatewayTestSupport} class adds to the test gateway's files. */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@interface GatewayFiles {
    /** YAML added to the end of gateway.yaml (a top-level block such as {@code auth:}). */
    String yaml() default "";

    /** Route files, relative to the project, copied into the gateway's routes/ next to the shipped ones. */
    String[] routes() default {};
}
