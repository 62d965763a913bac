package io.camelgateway.embedding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import io.camelgateway.api.Json;

import ai.djl.MalformedModelException;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;

/**
 * A sentence-embedding model (one of the {@link Encoder}s, quantized ONNX) run in-process by DJL on ONNX Runtime,
 * offline: the model and tokenizer are jar resources, copied to a folder once. Predictors are not thread-safe, so a small
 * pool of them serves concurrent callers; each call blocks its thread for milliseconds of CPU (on 2 cores about
 * 3 ms for a short text, 20 ms for 128 word pieces: the time grows with the length), so callers must not be
 * event-loop threads.
 */
public final class SentenceEmbedder implements AutoCloseable {
    public static final String MODEL_NAME = Encoder.ALL_MINILM_L6_V2.modelName();
    /** The model was trained on up to 256 word pieces ([CLS] and [SEP] included); longer inputs are cut there. */
    public static final int MAX_TOKENS = 256;
    /** Characters tokenised first for n word pieces: English text averages 4 to 5 characters a piece. */
    private static final int CHARS_PER_PIECE = 8;

    private final Encoder encoder;
    private final ZooModel<long[][], float[][]> model;
    private final HuggingFaceTokenizer tokenizer;
    private final BlockingQueue<Predictor<long[][], float[][]>> predictors;

    private SentenceEmbedder(Encoder encoder, ZooModel<long[][], float[][]> model, HuggingFaceTokenizer tokenizer,
                             int concurrency) {
        this.encoder = encoder;
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
     * Loads the bundled MiniLM model with ONNX Runtime session options, as DJL 0.36 names them: intraOpNumThreads,
     * interOpNumThreads, executionMode (SEQUENTIAL, PARALLEL), optLevel (NO_OPT, BASIC_OPT, EXTENDED_OPT,
     * ALL_OPT), memoryPatternOptimization, cpuArenaAllocator, disablePerSessionThreads (true/false),
     * profilerOutput (a file prefix). Measured on 2 cores, no thread count, optLevel or memory setting beat the
     * defaults.
     */
    public static SentenceEmbedder load(int concurrency, Map<String, String> ortOptions) {
        return load(Encoder.ALL_MINILM_L6_V2, concurrency, ortOptions);
    }

    /** Loads one of the bundled encoders, with this many predictors for concurrent callers. */
    public static SentenceEmbedder load(Encoder encoder, int concurrency, Map<String, String> ortOptions) {
        String resourceStem = encoder.resourceStem();
        if (System.getProperty("ai.djl.offline") == null) {
            // Nothing may be fetched at run time: a mistake should fail at once, not try the network.
            System.setProperty("ai.djl.offline", "true");
        }
        try {
            Path folder = Files.createTempDirectory("gateway-" + encoder.modelName());
            folder.toFile().deleteOnExit();
            Path onnx = copy(resourceStem + ".onnx", folder, encoder);
            Path tokenizerJson = copy(resourceStem + "-tokenizer.json", folder, encoder);
            HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson,
                    Map.of("maxLength", String.valueOf(MAX_TOKENS), "truncation", "true", "padding", "false"));
            Criteria<long[][], float[][]> criteria = Criteria.builder()
                    .setTypes(long[][].class, float[][].class)
                    .optModelPath(folder)
                    .optModelName(resourceStem)
                    .optEngine("OnnxRuntime")
                    .optOptions(ortOptions)
                    .optTranslator(new MeanPoolingTranslator())
                    .build();
            onnx.toFile().deleteOnExit();
            tokenizerJson.toFile().deleteOnExit();
            return new SentenceEmbedder(encoder, criteria.loadModel(), tokenizer, concurrency);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack the embedding model", e);
        } catch (ModelNotFoundException | MalformedModelException e) {
            throw new IllegalStateException("Cannot load the embedding model", e);
        }
    }

    /** A text's L2-normalised embedding (384 floats, of its first 256 word pieces); blocks while the model runs. */
    public float[] embed(String text) {
        return embedTokens(tokenIds(text));
    }

    /**
     * The embedding of the text's first maxTokens word pieces only ([CLS] and [SEP] included, as the tokenizer
     * would cut it at that length): a routing window. The model's time grows with the length, and the start of a
     * long prompt mostly says what it is about; answers to /v1/embeddings use {@link #embed(String)}.
     *
     * @param maxTokens 3 to 256
     */
    public float[] embed(String text, int maxTokens) {
        return embedTokens(tokenIds(text, maxTokens));
    }

    public List<float[]> embedAll(List<String> texts) {
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (String text : texts) {
            vectors.add(embed(text));
        }
        return vectors;
    }

    /**
     * The text's word-piece ids as the model takes them: [CLS], the pieces, [SEP], at most 256 in all. Tokenise once
     * and pass them to {@link #embedTokens} when the count is needed too.
     */
    public long[] tokenIds(String text) {
        return tokenIds(text, MAX_TOKENS);
    }

    /**
     * The ids of the text's first maxTokens word pieces, [CLS] and [SEP] included. A long text's start is
     * tokenised alone when it is enough: the start up to a white space gives the same first pieces as the whole
     * text (the normaliser works char by char, and pieces never span white space), and tokenising takes time in
     * proportion to the characters, all of them, whatever the truncation.
     *
     * @param maxTokens 3 to 256
     */
    public long[] tokenIds(String text, int maxTokens) {
        checkWindow(maxTokens);
        text = encoder.queryPrefix() + text;
        int enough = maxTokens * CHARS_PER_PIECE;
        while (enough < text.length()) {
            int cut = whiteSpaceFrom(text, enough);
            if (cut < 0) {
                break;
            }
            long[] ids = tokenizer.encode(text.substring(0, cut)).getIds();
            if (ids.length >= maxTokens) {
                return window(ids, maxTokens);
            }
            enough = cut * 4;
        }
        return window(wholeTextIds(text), maxTokens);
    }

    public Encoder encoder() {
        return encoder;
    }

    /** The ids of the whole text, as the tokenizer gives them (cut at 256). */
    long[] wholeTextIds(String text) {
        return tokenizer.encode(text).getIds();
    }

    /** The embedding of ids from {@link #tokenIds}; blocks while the model runs. */
    public float[] embedTokens(long[] ids) {
        return embedTokens(List.of(ids)).get(0);
    }

    /**
     * The embeddings of several texts' ids in one run of the model, padded to the longest: cheaper per text than
     * one run each, and within float rounding of it (the quantized model scales its activations per run).
     */
    public List<float[]> embedTokens(List<long[]> batch) {
        Predictor<long[][], float[][]> predictor = take();
        try {
            return Arrays.asList(predictor.predict(batch.toArray(long[][]::new)));
        } catch (TranslateException e) {
            throw new IllegalStateException("The embedding model failed", e);
        } finally {
            predictors.add(predictor);
        }
    }

    /** How many word pieces the tokenizer knows (its ids are 0 to this, less one). */
    public int vocabularySize() {
        String resource = encoder.resourceStem() + "-tokenizer.json";
        try (InputStream in = SentenceEmbedder.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " is not on the classpath");
            }
            return Json.MAPPER.readTree(in).path("model").path("vocab").size();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the tokenizer's vocabulary", e);
        }
    }

    /** How many word pieces a text counts for the model, after truncation. */
    public int tokenCount(String text) {
        return tokenIds(text).length;
    }

    /** The first maxTokens of the ids, the last of them [SEP] again, as the tokenizer truncates. */
    static long[] window(long[] ids, int maxTokens) {
        checkWindow(maxTokens);
        if (ids.length <= maxTokens) {
            return ids;
        }
        long[] cut = Arrays.copyOf(ids, maxTokens);
        cut[maxTokens - 1] = ids[ids.length - 1];
        return cut;
    }

    private static void checkWindow(int maxTokens) {
        if (maxTokens < 3 || maxTokens > MAX_TOKENS) {
            throw new IllegalArgumentException("maxTokens must be 3 to " + MAX_TOKENS + ", not " + maxTokens);
        }
    }

    /** The first space, tab or line break at or after from, or -1. */
    private static int whiteSpaceFrom(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
                return i;
            }
        }
        return -1;
    }

    /** Scales a vector to unit length in place and returns it; a zero vector stays zero. */
    public static float[] unitLength(float[] vector) {
        double norm = 0;
        for (float x : vector) {
            norm += x * x;
        }
        float scale = norm == 0 ? 0 : (float) (1 / Math.sqrt(norm));
        for (int d = 0; d < vector.length; d++) {
            vector[d] *= scale;
        }
        return vector;
    }

    /** The cosine similarity of two of its embeddings: they are L2-normalised, so it is their dot product. */
    public static double cosine(float[] a, float[] b) {
        // four sums: independent additions the CPU overlaps, where one sum waits on each addition in turn
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (; i + 3 < a.length; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < a.length; i++) {
            s0 += a[i] * b[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public void close() {
        predictors.forEach(Predictor::close);
        model.close();
        tokenizer.close();
    }

    private Predictor<long[][], float[][]> take() {
        try {
            return predictors.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the embedding model", e);
        }
    }

    private static Path copy(String resource, Path folder, Encoder encoder) throws IOException {
        try (InputStream in = SentenceEmbedder.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " is not on the classpath (" + encoder.artifact() + " ships it)");
            }
            Path target = folder.resolve(resource);
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        }
    }
}
