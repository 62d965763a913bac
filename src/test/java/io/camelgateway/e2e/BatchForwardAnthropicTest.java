package io.camelgateway.e2e;

/**
 * A batch forwarded to Anthropic's Message Batches: the lines as Messages params in one request, the results read
 * back from its results_url and translated to chat completions.
 */
class BatchForwardAnthropicTest extends BatchForwardTestSupport {
    @Override
    String model() {
        return "anthropic-batch/claude-sonnet-4-5";
    }

    @Override
    String upstreamModel() {
        return "claude-sonnet-4-5";
    }

    @Override
    String answer(int n) {
        return "Simulated anthropic answer to: line " + n;
    }

    @Override
    String createPath() {
        return "/v1/messages/batches";
    }

    @Override
    String[] cancelPath() {
        return new String[] {"/v1/messages/batches/", "/cancel"};
    }

    @Override
    String linesPath() {
        return "/v1/messages/batches";
    }

    @Override
    String credentialHeader() {
        return "x-api-key";
    }

    @Override
    String credentialValue(String secret) {
        return secret;
    }

    @Override
    double[] ordinaryPrices() {
        return new double[] {3.00, 15.00};
    }
}
