package io.camelgateway.routing.semantic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.engine.Engine;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generated tiny causal LM loads and behaves, through plain ONNX Runtime, DJL and the HF tokenizer. */
class TinyCausalLmTest {
    static final Map<String, List<String>> LABELS = new LinkedHashMap<>();

    static {
        LABELS.put("code", List.of("compiler", "bug"));
        LABELS.put("creative_writing", List.of("sonnet", "verse"));
        LABELS.put("customer_finance", List.of("overdraft"));
        LABELS.put("customer_support", List.of("refund"));
    }

    @TempDir
    static Path folder;

    static Map<String, Integer> vocab;
    static HuggingFaceTokenizer tokenizer;
    static OrtEnvironment env;
    static OrtSession session;

    @BeforeAll
    static void generate() throws Exception {
        System.setProperty("ai.djl.offline", "true");
        // DJL's engine creates the process-wide OrtEnvironment with its own thread options and fails if one exists
        // already, so it has to come first; plain ONNX Runtime below then gets the same environment.
        Engine.getEngine("OnnxRuntime");
        TinyCausalLm.write(folder, LABELS);
        vocab = TinyCausalLm.vocabulary(LABELS);
        tokenizer = HuggingFaceTokenizer.newInstance(folder);
        env = OrtEnvironment.getEnvironment();
        String model = folder.resolve(TinyCausalLm.MODEL_FILE).toString();
        session = env.createSession(model, new OrtSession.SessionOptions());
    }

    @AfterAll
    static void close() throws Exception {
        session.close();
        tokenizer.close();
    }

    @Test
    void writesTheThreeFilesAndAStableVocabulary() throws IOException {
        for (String file : List.of("model.onnx", "tokenizer.json", "config.json")) {
            assertTrue(Files.size(folder.resolve(file)) > 0, file);
        }
        assertEquals(List.of("[UNK]", "[PAD]", "code", "creative", "_", "writing", "customer", "finance", "support",
                "compiler", "bug", "sonnet", "verse", "overdraft", "refund"), List.copyOf(vocab.keySet()));
        assertTrue(Files.readString(folder.resolve("config.json")).contains("\"vocab_size\":" + vocab.size()));
        // Label order in the map given doesn't matter
        Map<String, List<String>> reversed = new LinkedHashMap<>();
        List<String> names = List.copyOf(LABELS.keySet());
        for (int i = names.size() - 1; i >= 0; i--) {
            reversed.put(names.get(i), LABELS.get(names.get(i)));
        }
        assertEquals(List.copyOf(vocab.entrySet()), List.copyOf(TinyCausalLm.vocabulary(reversed).entrySet()));
    }

    @Test
    void tokenizerLowercasesSplitsPunctuationAndAddsNothing(@TempDir Path other) throws IOException {
        TinyCausalLm.write(other, Map.of("general_chat", List.of("hello", "world")));
        Map<String, Integer> ids = TinyCausalLm.vocabulary(Map.of("general_chat", List.of("hello", "world")));
        try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.newInstance(other)) {
            Encoding chat = hf.encode("general_chat");
            System.out.println("general_chat -> " + Arrays.toString(chat.getTokens()) + " "
                    + Arrays.toString(chat.getIds()));
            assertArrayEquals(new String[] {"general", "_", "chat"}, chat.getTokens());
            assertArrayEquals(new long[] {ids.get("general"), ids.get("_"), ids.get("chat")}, chat.getIds());

            Encoding hello = hf.encode("Hello, world");
            System.out.println("Hello, world -> " + Arrays.toString(hello.getTokens()) + " "
                    + Arrays.toString(hello.getIds()));
            // "," is split off on its own (it isn't in the vocabulary, so it reads [UNK])
            assertArrayEquals(new String[] {"hello", "[UNK]", "world"}, hello.getTokens());
            assertEquals(List.of("hello", ",", "world"), TinyCausalLm.pieces("Hello, world"));
            CharSpan comma = hello.getCharTokenSpans()[1];
            assertEquals(5, comma.getStart());
            assertEquals(6, comma.getEnd());

            Encoding unknown = hf.encode("Goodbye  WORLD!");
            System.out.println("Goodbye  WORLD! -> " + Arrays.toString(unknown.getTokens()) + " "
                    + Arrays.toString(unknown.getIds()));
            assertArrayEquals(new long[] {0, ids.get("world"), 0}, unknown.getIds());
            assertArrayEquals(new long[] {1, 1, 1}, unknown.getAttentionMask());
            assertArrayEquals(unknown.getIds(), hf.encode("Goodbye  WORLD!", false, false).getIds());

            Encoding[] batch = hf.batchEncode(List.of("hello", "hello, world"));
            System.out.println("batch -> " + Arrays.toString(batch[0].getIds()) + " mask "
                    + Arrays.toString(batch[0].getAttentionMask()));
            assertArrayEquals(new long[] {ids.get("hello"), 1, 1}, batch[0].getIds());
            assertArrayEquals(new long[] {1, 0, 0}, batch[0].getAttentionMask());
        }
        assertEquals(0, ids.get("[UNK]"));
        assertEquals(1, ids.get("[PAD]"));
    }

    @Test
    void hasTheInterfaceOfAnOptimumTextGenerationExport() throws Exception {
        assertEquals(List.of("input_ids", "attention_mask"), List.copyOf(session.getInputNames()));
        assertEquals(List.of("logits"), List.copyOf(session.getOutputNames()));
        for (NodeInfo input : session.getInputInfo().values()) {
            TensorInfo info = (TensorInfo) input.getInfo();
            assertEquals(OnnxJavaType.INT64, info.type, input.getName());
            assertArrayEquals(new long[] {-1, -1}, info.getShape(), input.getName());
        }
        TensorInfo logits = (TensorInfo) session.getOutputInfo().get("logits").getInfo();
        assertEquals(OnnxJavaType.FLOAT, logits.type);
        assertArrayEquals(new long[] {-1, -1, vocab.size()}, logits.getShape());
    }

    @Test
    void compilerBugPointsToCode() throws Exception {
        long[] ids = ids("please fix the compiler bug");
        float[][] logits = run(new long[][] {ids}, new long[][] {ones(ids.length)})[0];
        float[] last = logits[ids.length - 1];
        assertEquals("code", best(last, "code", "creative", "customer"));
        assertEquals(2f / 5, last[vocab.get("code")], 1e-6); // 2 trigger words among 5 tokens
    }

    @Test
    void logitScaleMultipliesTheLogits(@TempDir Path scaled) throws Exception {
        TinyCausalLm.write(scaled, LABELS, 100f);
        long[] ids = ids("please fix the compiler bug");
        String path = scaled.resolve("model.onnx").toString();
        try (OrtSession big = env.createSession(path, new OrtSession.SessionOptions());
             OnnxTensor idsTensor = OnnxTensor.createTensor(env, new long[][] {ids});
             OnnxTensor mask = OnnxTensor.createTensor(env, new long[][] {ones(ids.length)});
             OrtSession.Result result = big.run(Map.of("input_ids", idsTensor, "attention_mask", mask))) {
            float[] last = ((float[][][]) result.get("logits").orElseThrow().getValue())[0][ids.length - 1];
            assertEquals(40f, last[vocab.get("code")], 1e-4);
            assertEquals(0f, last[vocab.get("creative")], 1e-6);
        }
    }

    @Test
    void overdraftPointsToCustomerThenFinance() throws Exception {
        long[] ids = ids("my overdraft");
        float[] last = run(new long[][] {ids}, new long[][] {ones(2)})[0][1];
        assertEquals("customer", best(last, "code", "creative", "customer"));
        assertTrue(last[vocab.get("finance")] > last[vocab.get("support")]);

        // and as a continuation, after the label's own first tokens have been fed back
        long[] continued = ids("my overdraft customer_");
        assertEquals(4, continued.length);
        float[] next = run(new long[][] {continued}, new long[][] {ones(4)})[0][3];
        assertEquals("finance", best(next, "finance", "support"));
    }

    @Test
    void isCausal() throws Exception {
        long[] a = ids("please fix the compiler bug");
        long[] b = ids("please fix the sonnet verse");
        float[][][] out = run(new long[][] {a, b}, new long[][] {ones(a.length), ones(b.length)});
        for (int p = 0; p < 3; p++) {
            assertArrayEquals(out[0][p], out[1][p], "position " + p);
        }
        assertFalse(Arrays.equals(out[0][3], out[1][3]));
        assertEquals("creative", best(out[1][4], "code", "creative", "customer"));
    }

    @Test
    void rightPaddingIsIgnored() throws Exception {
        long[] ids = ids("please fix the compiler bug");
        float[][] plain = run(new long[][] {ids}, new long[][] {ones(ids.length)})[0];
        long[] padded = Arrays.copyOf(ids, ids.length + 3);
        long[] mask = Arrays.copyOf(ones(ids.length), ids.length + 3);
        padded[ids.length] = TinyCausalLm.PAD_ID;
        padded[ids.length + 1] = vocab.get("overdraft"); // masked out, so it must not count either
        padded[ids.length + 2] = vocab.get("overdraft");
        float[][] out = run(new long[][] {padded}, new long[][] {mask})[0];
        for (int p = 0; p < ids.length; p++) {
            assertArrayEquals(plain[p], out[p], 1e-6f, "position " + p);
        }
    }

    @Test
    void djlLoadsAndRunsItToo() throws Exception {
        long[] ids = ids("please fix the compiler bug");
        float[][] expected = run(new long[][] {ids}, new long[][] {ones(ids.length)})[0];
        Criteria<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelPath(folder)
                .optModelName("model")
                .optEngine("OnnxRuntime")
                .build();
        try (ZooModel<NDList, NDList> model = criteria.loadModel();
             Predictor<NDList, NDList> predictor = model.newPredictor();
             NDManager manager = model.getNDManager().newSubManager()) {
            NDArray inputIds = manager.create(new long[][] {ids});
            NDArray mask = manager.create(new long[][] {ones(ids.length)});

            // unnamed: fed in the session's input order
            NDList out = predictor.predict(new NDList(inputIds, mask));
            assertEquals(1, out.size());
            assertEquals("logits", out.get(0).getName());
            assertArrayEquals(new long[] {1, ids.length, vocab.size()}, out.get(0).getShape().getShape());
            assertArrayEquals(flatten(expected), out.get(0).toFloatArray(), 1e-6f);

            // unnamed in the wrong order: silently fed the mask as input_ids
            NDList swapped = predictor.predict(new NDList(mask, inputIds));
            assertFalse(Arrays.equals(flatten(expected), swapped.get(0).toFloatArray()));

            // named: matched by name, whatever the order
            NDArray namedIds = manager.create(new long[][] {ids});
            namedIds.setName("input_ids");
            NDArray namedMask = manager.create(new long[][] {ones(ids.length)});
            namedMask.setName("attention_mask");
            NDList named = predictor.predict(new NDList(namedMask, namedIds));
            assertArrayEquals(flatten(expected), named.get(0).toFloatArray(), 1e-6f);
        }
    }

    // ---------------------------------------------------------------- helpers

    static long[] ids(String text) {
        long[] ids = tokenizer.encode(text, false, false).getIds();
        System.out.println(text + " -> " + Arrays.toString(ids));
        return ids;
    }

    static long[] ones(int n) {
        long[] ones = new long[n];
        Arrays.fill(ones, 1);
        return ones;
    }

    /** logits [batch][position][vocab] through plain ONNX Runtime. */
    static float[][][] run(long[][] ids, long[][] mask) throws Exception {
        try (OnnxTensor idsTensor = OnnxTensor.createTensor(env, ids);
             OnnxTensor maskTensor = OnnxTensor.createTensor(env, mask);
             OrtSession.Result result = session.run(Map.of("input_ids", idsTensor, "attention_mask", maskTensor))) {
            return (float[][][]) result.get("logits").orElseThrow().getValue();
        }
    }

    /** Which of these tokens has the highest logit (the first one on a tie). */
    static String best(float[] logits, String... tokens) {
        String best = tokens[0];
        for (String token : tokens) {
            if (logits[vocab.get(token)] > logits[vocab.get(best)]) {
                best = token;
            }
        }
        return best;
    }

    static float[] flatten(float[][] m) {
        float[] flat = new float[m.length * m[0].length];
        for (int i = 0; i < m.length; i++) {
            System.arraycopy(m[i], 0, flat, i * m[0].length, m[0].length);
        }
        return flat;
    }
}
