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
 * Word-piece ids in (one text, [CLS] ... [SEP], not padded), sentence vector out, for BERT-style ONNX encoders:
 * run, then mean-pool the token vectors and L2-normalise. The ids come tokenised, so the caller tokenises a text
 * once, whatever else it needs the ids for (counting them, cutting a routing window). With one unpadded text the
 * attention mask is all ones, so the mean is over every token. The pooling is done on plain floats: ONNX
 * Runtime's NDArray hands the operations it lacks to another engine, which does not have them all.
 */
final class MeanPoolingTranslator implements Translator<long[], float[]> {

    /** None: each input is made a batch of one, [1, tokens], so no stacking and unstacking per call. */
    @Override
    public Batchifier getBatchifier() {
        return null;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, long[] ids) {
        NDManager manager = ctx.getNDManager();
        long[] mask = new long[ids.length];
        Arrays.fill(mask, 1);
        return new NDList(named(manager, ids, "input_ids"), named(manager, mask, "attention_mask"),
                named(manager, new long[ids.length], "token_type_ids"));
    }

    @Override
    public float[] processOutput(TranslatorContext ctx, NDList output) {
        NDArray lastHiddenState = output.get(0);
        long[] shape = lastHiddenState.getShape().getShape();
        int dimensions = (int) shape[shape.length - 1];
        float[] hidden = floats(lastHiddenState);
        int tokens = hidden.length / dimensions;
        float[] pooled = new float[dimensions];
        for (int t = 0; t < tokens; t++) {
            int row = t * dimensions;
            for (int d = 0; d < dimensions; d++) {
                pooled[d] += hidden[row + d];
            }
        }
        double norm = 0;
        for (int d = 0; d < dimensions; d++) {
            pooled[d] /= Math.max(tokens, 1);
            norm += pooled[d] * pooled[d];
        }
        float scale = norm == 0 ? 0 : (float) (1 / Math.sqrt(norm));
        for (int d = 0; d < dimensions; d++) {
            pooled[d] *= scale;
        }
        return pooled;
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

    private static NDArray named(NDManager manager, long[] values, String name) {
        NDArray array = manager.create(values, new Shape(1, values.length));
        array.setName(name);
        return array;
    }
}
