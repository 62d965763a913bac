package io.camelgateway.e2e;

/**
 * A batch forwarded to Gemini's batch mode: the lines as inlined generateContent requests of one model, the batch
 * operation polled, its inlined responses translated back to chat completions.
 */
class BatchForwardGeminiTest extends BatchForwardTestSupport {
    @Override
    String model() {
        return "gemini-batch/gemini-2.5-flash";
    }

    @Override
    String upstreamModel() {
        return "gemini-2.5-flash";
    }

    @Override
    String answer(int n) {
        return "Simulated gemini answer to: line " + n;
    }

    @Override
    String createPath() {
        return "/v1beta/models/gemini-2.5-flash:batchGenerateContent";
    }

    @Override
    String[] cancelPath() {
        return new String[] {"/v1beta/batches/", ":cancel"};
    }

    @Override
    String linesPath() {
        return createPath();
    }

    @Override
    String credentialHeader() {
        return "x-goog-api-key";
    }

    @Override
    String credentialValue(String secret) {
        return secret;
    }

    @Override
    double[] ordinaryPrices() {
        return new double[] {0.30, 2.50};
    }
}
