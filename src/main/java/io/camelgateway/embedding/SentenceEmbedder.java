package io.camelgateway.embedding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import ai.djl.MalformedModelException;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;

/**
 * A sentence-embedding model (all-MiniLM-L6-v2, quantized, ONNX) run in-process by DJL on ONNX Runtime, offline:
 * the model and tokenizer are jar resources, copied to a folder once. Predictors are not thread-safe, so a small
 * pool of them serves concurrent callers; each call blocks its thread for a few milliseconds of CPU, so callers
 * must not be event-loop threads.
 */
public final class SentenceEmbedder implements AutoCloseable {
    public static final String MODEL_NAME = "all-minilm-l6-v2";
    private static final String RESOURCE_STEM = "all-minilm-l6-v2-q";
    /** The model was trained on up to 256 word pieces; longer inputs are cut there. */
    private static final int MAX_TOKENS = 256;

    private final ZooModel<String, float[]> model;
    private final HuggingFaceTokenizer tokenizer;
    private final BlockingQueue<Predictor<String, float[]>> predictors;

    private SentenceEmbedder(ZooModel<String, float[]> model, HuggingFaceTokenizer tokenizer, int concurrency) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.predictors = new ArrayBlockingQueue<>(concurrency);
        for (int i = 0; i < concurrency; i++) {
            predictors.add(model.newPredictor());
        }
    }

    /** Loads the bundled MiniLM model, with this many predictors for concurrent callers. */
    public static SentenceEmbedder load(int concurrency) {
        return load(concurrency, Map.of());
    }

    /**
     * Loads the bundled MiniLM model with ONNX Runtime session options, as DJL names them: intraOpNumThreads,
     * interOpNumThreads, executionMode (SEQUENTIAL, PARALLEL), optLevel (NO_OPT ... ALL_OPT).
     */
    public static SentenceEmbedder load(int concurrency, Map<String, String> ortOptions) {
        return load(RESOURCE_STEM, concurrency, ortOptions);
    }

    /**
     * Loads a BERT-style sentence encoder from the classpath resources {@code <stem>.onnx} and
     * {@code <stem>-tokenizer.json} (the layout of the langchain4j-embeddings-* jars).
     */
    public static SentenceEmbedder load(String resourceStem, int concurrency, Map<String, String> ortOptions) {
        if (System.getProperty("ai.djl.offline") == null) {
            // Nothing may be fetched at run time: a mistake should fail at once, not try the network.
            System.setProperty("ai.djl.offline", "true");
        }
        try {
            Path folder = Files.createTempDirectory("gateway-minilm");
            folder.toFile().deleteOnExit();
            Path onnx = copy(resourceStem + ".onnx", folder);
            Path tokenizerJson = copy(resourceStem + "-tokenizer.json", folder);
            HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson,
                    Map.of("maxLength", String.valueOf(MAX_TOKENS), "truncation", "true", "padding", "false"));
            Criteria<String, float[]> criteria = Criteria.builder()
                    .setTypes(String.class, float[].class)
                    .optModelPath(folder)
                    .optModelName(resourceStem)
                    .optEngine("OnnxRuntime")
                    .optOptions(ortOptions)
                    .optTranslator(new MeanPoolingTranslator(tokenizer))
                    .build();
            onnx.toFile().deleteOnExit();
            tokenizerJson.toFile().deleteOnExit();
            return new SentenceEmbedder(criteria.loadModel(), tokenizer, concurrency);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack the embedding model", e);
        } catch (ModelNotFoundException | MalformedModelException e) {
            throw new IllegalStateException("Cannot load the embedding model", e);
        }
    }

    /** The L2-normalised embedding of one text (384 floats); blocks while the model runs. */
    public float[] embed(String text) {
        Predictor<String, float[]> predictor = take();
        try {
            return predictor.predict(text);
        } catch (TranslateException e) {
            throw new IllegalStateException("The embedding model failed", e);
        } finally {
            predictors.add(predictor);
        }
    }

    public List<float[]> embedAll(List<String> texts) {
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (String text : texts) {
            vectors.add(embed(text));
        }
        return vectors;
    }

    /** How many word pieces a text counts for the model, after truncation. */
    public int tokenCount(String text) {
        return tokenizer.encode(text).getIds().length;
    }

    public static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }

    @Override
    public void close() {
        predictors.forEach(Predictor::close);
        model.close();
        tokenizer.close();
    }

    private Predictor<String, float[]> take() {
        try {
            return predictors.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the embedding model", e);
        }
    }

    private static Path copy(String resource, Path folder) throws IOException {
        try (InputStream in = SentenceEmbedder.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " is not on the classpath (dev.langchain4j:langchain4j-embeddings-"
                        + "all-minilm-l6-v2-q ships it)");
            }
            Path target = folder.resolve(resource);
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        }
    }
}
