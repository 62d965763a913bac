package io.camelgateway.routing.semantic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.MalformedModelException;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;

/**
 * Tier 3 in-process: a causal language model exported to ONNX in HuggingFace's layout (model.onnx, tokenizer.json,
 * config.json; optimum's {@code --task text-generation}, without past key values), run by DJL on ONNX Runtime.
 * <p>
 * The model reads {@link ClassifierPrompt#completion} and the answer is a constrained choice, not parsed text:
 * the intents' names, as tokens, form a tree, and at each point where names diverge the model's next-token
 * logits, restricted to the tokens that continue some name, pick the branch. Names with distinct first tokens
 * take one forward pass. The chosen intent comes first in the scores, with its probability under that
 * restriction; each other intent has the probability of the branch it lost on.
 */
public final class CausalLmClassifier implements IntentClassifier {
    /** The message is cut to this many tokens; the instruction and intents come on top. */
    static final int MAX_MESSAGE_TOKENS = 256;

    private final Path folder;
    private final ZooModel<long[], float[]> model;
    private final Predictor<long[], float[]> predictor;
    private final HuggingFaceTokenizer tokenizer;

    private CausalLmClassifier(Path folder, ZooModel<long[], float[]> model, HuggingFaceTokenizer tokenizer) {
        this.folder = folder;
        this.model = model;
        this.predictor = model.newPredictor();
        this.tokenizer = tokenizer;
    }

    /** Loads model.onnx and tokenizer.json from the folder, offline. */
    public static CausalLmClassifier load(Path folder, Map<String, String> ortOptions) {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        for (String file : List.of("model.onnx", "tokenizer.json")) {
            if (!Files.isRegularFile(folder.resolve(file))) {
                throw new IllegalArgumentException("The classifier folder " + folder + " has no " + file
                        + " (expected optimum's ONNX export: model.onnx, tokenizer.json, config.json)");
            }
        }
        try {
            HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(folder.resolve("tokenizer.json"),
                    Map.of("padding", "false", "truncation", "false"));
            Criteria<long[], float[]> criteria = Criteria.builder()
                    .setTypes(long[].class, float[].class)
                    .optModelPath(folder)
                    .optModelName("model")
                    .optEngine("OnnxRuntime")
                    .optOptions(ortOptions)
                    .optTranslator(new LastLogitsTranslator())
                    .build();
            return new CausalLmClassifier(folder, criteria.loadModel(), tokenizer);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the classifier model in " + folder, e);
        } catch (ModelNotFoundException | MalformedModelException e) {
            throw new IllegalStateException("Cannot load the classifier model in " + folder, e);
        }
    }

    @Override
    public synchronized Map<String, Double> classify(String text, List<Intent> intents) throws Exception {
        List<long[]> labels = new ArrayList<>(intents.size());
        for (Intent intent : intents) {
            labels.add(tokenizer.encode(" " + intent.name() + "\n", false, false).getIds());
        }
        String prompt = ClassifierPrompt.completion(intents, truncate(text));
        long[] prefix = tokenizer.encode(prompt).getIds();

        double[] logProb = new double[intents.size()];
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < intents.size(); i++) {
            candidates.add(i);
        }
        double pathLogProb = 0;
        for (int depth = 0; ; depth++) {
            List<Integer> ended = new ArrayList<>();
            List<Integer> going = new ArrayList<>();
            for (int i : candidates) {
                (labels.get(i).length == depth ? ended : going).add(i);
            }
            if (!ended.isEmpty()) {
                // A whole name was written. (Names end with a newline token, so one is a prefix of another only
                // when the tokenizer drops newlines; then the shorter name wins.)
                for (int i : candidates) {
                    logProb[i] = pathLogProb;
                }
                candidates = ended;
                break;
            }
            Map<Long, List<Integer>> branches = new LinkedHashMap<>();
            for (int i : going) {
                branches.computeIfAbsent(labels.get(i)[depth], t -> new ArrayList<>()).add(i);
            }
            long chosen = branches.keySet().iterator().next();
            if (branches.size() > 1) {
                float[] logits = predictor.predict(prefix);
                Map<Long, Double> branchLogProb = logSoftmax(logits, branches.keySet());
                chosen = branchLogProb.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
                for (Map.Entry<Long, List<Integer>> branch : branches.entrySet()) {
                    for (int i : branch.getValue()) {
                        logProb[i] = pathLogProb + branchLogProb.get(branch.getKey());
                    }
                }
                pathLogProb += branchLogProb.get(chosen);
            }
            candidates = branches.get(chosen);
            prefix = append(prefix, chosen);
        }
        // The walk's end is the model's choice; the others follow by the probability of the branch they lost on.
        int choice = candidates.get(0);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < intents.size(); i++) {
            if (i != choice) {
                order.add(i);
            }
        }
        order.sort(Comparator.comparingDouble((Integer i) -> logProb[i]).reversed());
        order.add(0, choice);
        Map<String, Double> scores = new LinkedHashMap<>();
        for (int i : order) {
            scores.put(intents.get(i).name(), Math.exp(logProb[i]));
        }
        return scores;
    }

    /** The message up to {@link #MAX_MESSAGE_TOKENS} tokens, cut at a token boundary. */
    private String truncate(String text) {
        Encoding encoding = tokenizer.encode(text, false, false);
        if (encoding.getIds().length <= MAX_MESSAGE_TOKENS) {
            return text;
        }
        int end = encoding.getCharTokenSpans()[MAX_MESSAGE_TOKENS - 1].getEnd();
        return text.substring(0, Math.min(end, text.length()));
    }

    private static Map<Long, Double> logSoftmax(float[] logits, Iterable<Long> tokens) {
        double max = Double.NEGATIVE_INFINITY;
        for (long t : tokens) {
            max = Math.max(max, logits[(int) t]);
        }
        double sum = 0;
        for (long t : tokens) {
            sum += Math.exp(logits[(int) t] - max);
        }
        double logSum = max + Math.log(sum);
        Map<Long, Double> result = new LinkedHashMap<>();
        for (long t : tokens) {
            result.put(t, logits[(int) t] - logSum);
        }
        return result;
    }

    private static long[] append(long[] ids, long token) {
        long[] longer = java.util.Arrays.copyOf(ids, ids.length + 1);
        longer[ids.length] = token;
        return longer;
    }

    @Override
    public String describe() {
        return "local:" + folder;
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
        tokenizer.close();
    }

    /**
     * Token ids in, the next-token logits at the last position out. It feeds the inputs an optimum export
     * declares: input_ids, attention_mask and, when present, position_ids.
     */
    static final class LastLogitsTranslator implements Translator<long[], float[]> {
        private static final String LENGTH = "length";

        @Override
        public NDList processInput(TranslatorContext ctx, long[] ids) {
            NDManager manager = ctx.getNDManager();
            ctx.setAttachment(LENGTH, ids.length);
            long[] mask = new long[ids.length];
            long[] positions = new long[ids.length];
            for (int i = 0; i < ids.length; i++) {
                mask[i] = 1;
                positions[i] = i;
            }
            NDList inputs = new NDList();
            for (String name : ctx.getModel().describeInput().keys()) {
                long[] values = switch (name) {
                    case "input_ids" -> ids;
                    case "attention_mask" -> mask;
                    case "position_ids" -> positions;
                    default -> throw new IllegalArgumentException("The classifier model wants an input '" + name
                            + "'; export it with optimum's --task text-generation (without past key values)");
                };
                NDArray array = manager.create(values);
                array.setName(name);
                inputs.add(array);
            }
            return inputs;
        }

        @Override
        public float[] processOutput(TranslatorContext ctx, NDList output) {
            int length = (Integer) ctx.getAttachment(LENGTH);
            float[] all = output.get(0).toFloatArray();
            int vocabulary = all.length / length;
            return java.util.Arrays.copyOfRange(all, (length - 1) * vocabulary, length * vocabulary);
        }
    }
}
