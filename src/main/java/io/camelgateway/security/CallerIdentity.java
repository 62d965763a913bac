package io.camelgateway.security;

/** Who is calling, as the gateway knows them: the name of the key they presented, never the key. */
public record CallerIdentity(String name) {
}
