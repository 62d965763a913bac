package io.camelgateway.embedding;

import java.nio.FloatBuffer;
import java.util.Arrays;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.onnxruntime.engine.OrtNDArray;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;

/**
 * Word-piece ids in (a batch of texts, each [CLS] ... [SEP]), sentence vectors out, for BERT-style ONNX encoders:
 * one run over the batch, then each text's token vectors mean-pooled and L2-normalised. The texts are padded to
 * the longest one, and the attention mask keeps the padding out of both the model's attention and the mean; a
 * batch of one is not padded at all. The ids come tokenised, so the caller tokenises a text once, whatever else it
 * needs the ids for (counting them, cutting a routing window). The pooling is done on plain floats: ONNX Runtime's
 * NDArray hands the operations it lacks to another engine, which does not have them all.
 */
final class MeanPoolingTranslator implements Translator<long[][], float[][]> {

    /** None: the input already is the batch, [texts, longest], so DJL neither stacks nor unstacks. */
    @Override
    public Batchifier getBatchifier() {
        return null;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, long[][] texts) {
        int longest = 0;
        for (long[] ids : texts) {
            longest = Math.max(longest, ids.length);
        }
        long[] ids = new long[texts.length * longest];
        long[] mask = new long[ids.length];
        for (int t = 0; t < texts.length; t++) {
            System.arraycopy(texts[t], 0, ids, t * longest, texts[t].length);
            Arrays.fill(mask, t * longest, t * longest + texts[t].length, 1);
        }
        ctx.setAttachment("texts", texts);
        NDManager manager = ctx.getNDManager();
        Shape shape = new Shape(texts.length, longest);
        return new NDList(named(manager, ids, shape, "input_ids"), named(manager, mask, shape, "attention_mask"),
                named(manager, new long[ids.length], shape, "token_type_ids"));
    }

    @Override
    public float[][] processOutput(TranslatorContext ctx, NDList output) {
        long[][] texts = (long[][]) ctx.getAttachment("texts");
        NDArray lastHiddenState = output.get(0);
        long[] shape = lastHiddenState.getShape().getShape(); // [texts, longest, dimensions]
        int longest = (int) shape[1];
        int dimensions = (int) shape[2];
        float[] hidden = floats(lastHiddenState);
        float[][] vectors = new float[texts.length][];
        for (int t = 0; t < texts.length; t++) {
            vectors[t] = meanPooled(hidden, t * longest * dimensions, texts[t].length, dimensions);
        }
        return vectors;
    }

    /** The unit-length mean of a text's first tokens' vectors, which start at offset in hidden. */
    private static float[] meanPooled(float[] hidden, int offset, int tokens, int dimensions) {
        float[] pooled = new float[dimensions];
        for (int t = 0; t < tokens; t++) {
            int row = offset + t * dimensions;
            for (int d = 0; d < dimensions; d++) {
                pooled[d] += hidden[row + d];
            }
        }
        for (int d = 0; d < dimensions; d++) {
            pooled[d] /= Math.max(tokens, 1);
        }
        return SentenceEmbedder.unitLength(pooled);
    }

    /** The array's floats, with one copy out of ONNX Runtime where NDArray.toFloatArray makes two. */
    private static float[] floats(NDArray array) {
        if (array instanceof OrtNDArray ort) {
            FloatBuffer buffer = ort.getTensor().getFloatBuffer();
            if (buffer.hasArray() && buffer.arrayOffset() == 0 && buffer.remaining() == buffer.array().length) {
                return buffer.array();
            }
            float[] floats = new float[buffer.remaining()];
            buffer.get(floats);
            return floats;
        }
        return array.toFloatArray();
    }

    private static NDArray named(NDManager manager, long[] values, Shape shape, String name) {
        NDArray array = manager.create(values, shape);
        array.setName(name);
        return array;
    }
}
