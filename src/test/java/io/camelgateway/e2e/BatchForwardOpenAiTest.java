package io.camelgateway.e2e;

/** A batch forwarded to OpenAI's Batch API: the lines uploaded as a file, the batch made of it, its files read back. */
class BatchForwardOpenAiTest extends BatchForwardTestSupport {
    @Override
    String model() {
        return "openai-batch/gpt-4o-mini";
    }

    @Override
    String upstreamModel() {
        return "gpt-4o-mini";
    }

    @Override
    String answer(int n) {
        return "Simulated openai answer to: line " + n;
    }

    @Override
    String createPath() {
        return "/v1/batches";
    }

    @Override
    String[] cancelPath() {
        return new String[] {"/v1/batches/", "/cancel"};
    }

    @Override
    String linesPath() {
        return "/v1/files";
    }

    @Override
    String credentialHeader() {
        return "authorization";
    }

    @Override
    String credentialValue(String secret) {
        return "Bearer " + secret;
    }

    @Override
    double[] ordinaryPrices() {
        return new double[] {0.15, 0.60};
    }
}
