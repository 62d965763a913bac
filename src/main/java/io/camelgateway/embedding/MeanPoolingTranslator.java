package io.camelgateway.embedding;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;

/**
 * Text in, sentence vector out, for BERT-style ONNX encoders: tokenise, run, then mean-pool the token vectors over
 * the attention mask and L2-normalise. The pooling is done on plain floats: ONNX Runtime's NDArray hands the
 * operations it lacks to another engine, which does not have them all.
 */
final class MeanPoolingTranslator implements Translator<String, float[]> {
    private static final String MASK = "attention_mask";

    private final HuggingFaceTokenizer tokenizer;

    MeanPoolingTranslator(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, String input) {
        Encoding encoding = tokenizer.encode(input);
        NDManager manager = ctx.getNDManager();
        long[] mask = encoding.getAttentionMask();
        ctx.setAttachment(MASK, mask);
        return new NDList(named(manager, encoding.getIds(), "input_ids"), named(manager, mask, MASK),
                named(manager, encoding.getTypeIds(), "token_type_ids"));
    }

    @Override
    public float[] processOutput(TranslatorContext ctx, NDList output) {
        long[] mask = (long[]) ctx.getAttachment(MASK);
        float[] hidden = output.get(0).toFloatArray();
        int tokens = mask.length;
        int dimensions = hidden.length / tokens;
        float[] pooled = new float[dimensions];
        int counted = 0;
        for (int t = 0; t < tokens; t++) {
            if (mask[t] == 0) {
                continue;
            }
            counted++;
            for (int d = 0; d < dimensions; d++) {
                pooled[d] += hidden[t * dimensions + d];
            }
        }
        double norm = 0;
        for (int d = 0; d < dimensions; d++) {
            pooled[d] /= Math.max(counted, 1);
            norm += pooled[d] * pooled[d];
        }
        float scale = norm == 0 ? 0 : (float) (1 / Math.sqrt(norm));
        for (int d = 0; d < dimensions; d++) {
            pooled[d] *= scale;
        }
        return pooled;
    }

    private static NDArray named(NDManager manager, long[] values, String name) {
        NDArray array = manager.create(values);
        array.setName(name);
        return array;
    }
}
