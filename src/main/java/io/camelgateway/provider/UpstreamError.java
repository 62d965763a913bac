package io.camelgateway.provider;

/**
 * What a provider said when it refused a call.
 *
 * @param message            the provider's own message, or null when its body could not be read
 * @param type               the provider's error type or status word, or null
 * @param credentialRejected true when the provider refused the gateway's credential
 */
public record UpstreamError(String message, String type, boolean credentialRejected) {
}
