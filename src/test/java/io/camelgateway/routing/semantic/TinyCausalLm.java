package io.camelgateway.routing.semantic;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.google.protobuf.ByteString;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnx.proto.OnnxMl.Version;

/**
 * Generates a tiny causal language model in ONNX, laid out like a HuggingFace model folder exported by optimum
 * ({@code --task text-generation}, no past key values), so tests can run the classifier-LLM tier for real without
 * downloading weights.
 *
 * <p>The model is a causal "bag of words": with L labels (sorted by name, label j is column j), an embedding
 * {@code E[vocab, L]} holds 1.0 at column j for every trigger word of label j and zero elsewhere, and an output matrix
 * {@code W[L, vocab]} holds 1.0 (or a given logit scale) at row j for every token of label j's own text. At position p,
 * {@code h_p = sum(E[input_ids_q] for q <= p with attention_mask_q = 1) / max(1, count of those q)} and
 * {@code logits_p = h_p . W}. So position p only sees tokens up to p, padding (mask 0) is ignored, and among the
 * label tokens the next-token choice favours the label whose trigger words appeared most.
 *
 * <p>The tokenizer is a word-level HuggingFace {@code tokenizer.json}: lowercase, split on whitespace, isolate
 * punctuation (so {@code general_chat} is {@code general _ chat}), no special tokens added around the text. Ids:
 * {@value #UNK} = {@value #UNK_ID}, {@value #PAD} = {@value #PAD_ID}, then the tokens of the labels (sorted by label)
 * and then those of their trigger words, each once.
 */
public final class TinyCausalLm {
    public static final String UNK = "[UNK]";
    public static final int UNK_ID = 0;
    public static final String PAD = "[PAD]";
    public static final int PAD_ID = 1;

    public static final String MODEL_FILE = "model.onnx";
    public static final String TOKENIZER_FILE = "tokenizer.json";
    public static final String CONFIG_FILE = "config.json";

    public static final String INPUT_IDS = "input_ids";
    public static final String ATTENTION_MASK = "attention_mask";
    public static final String LOGITS = "logits";

    /** ONNX operator set the graph is written against (CumSum, Gather, Unsqueeze-with-axes-input, ...). */
    public static final int OPSET = 17;

    private TinyCausalLm() {
    }

    /**
     * Writes model.onnx, tokenizer.json and config.json into folder (created if missing).
     *
     * @param triggersByLabel label text (e.g. {@code customer_finance}) to the trigger words that point to it; the
     *                        iteration order does not matter (labels are sorted), a label may have no triggers
     * @return folder
     */
    public static Path write(Path folder, Map<String, List<String>> triggersByLabel) throws IOException {
        return write(folder, triggersByLabel, 1f);
    }

    /**
     * As {@link #write(Path, Map)}, with every weight of the output matrix {@code W} set to logitScale instead of
     * 1.0, so logits come out multiplied by it. Worth it when the model reads a long prompt: the mean over
     * positions makes one trigger word among 60 tokens worth a logit of 1/60, which a softmax over the label tokens
     * turns into near-uniform probabilities; a scale in the hundreds makes them decisive again.
     */
    public static Path write(Path folder, Map<String, List<String>> triggersByLabel, float logitScale)
            throws IOException {
        if (!(logitScale > 0) || Float.isInfinite(logitScale)) {
            throw new IllegalArgumentException("logitScale must be positive and finite: " + logitScale);
        }
        Spec spec = new Spec(triggersByLabel, logitScale);
        Files.createDirectories(folder);
        try (OutputStream out = Files.newOutputStream(folder.resolve(MODEL_FILE))) {
            model(spec).writeTo(out);
        }
        Files.writeString(folder.resolve(TOKENIZER_FILE), tokenizerJson(spec.vocab), StandardCharsets.UTF_8);
        Files.writeString(folder.resolve(CONFIG_FILE), "{\"architectures\":[\"TinyBagOfWordsForCausalLM\"],"
                + "\"model_type\":\"tiny-bag-of-words\",\"vocab_size\":" + spec.vocab.size()
                + ",\"max_position_embeddings\":512}\n", StandardCharsets.UTF_8);
        return folder;
    }

    /** The vocabulary {@link #write} produces for these labels: token to id, in id order. */
    public static Map<String, Integer> vocabulary(Map<String, List<String>> triggersByLabel) {
        return Collections.unmodifiableMap(new Spec(triggersByLabel, 1f).vocab);
    }

    /**
     * Splits text the way the generated tokenizer does before the vocabulary lookup: lowercase, split on whitespace,
     * each punctuation character on its own.
     */
    public static List<String> pieces(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        String lower = text.toLowerCase(Locale.ROOT);
        for (int i = 0; i < lower.length(); ) {
            int cp = lower.codePointAt(i);
            i += Character.charCount(cp);
            if (isWhitespace(cp) || isPunctuation(cp)) {
                if (word.length() > 0) {
                    out.add(word.toString());
                    word.setLength(0);
                }
                if (!isWhitespace(cp)) {
                    out.add(new String(Character.toChars(cp)));
                }
            } else {
                word.appendCodePoint(cp);
            }
        }
        if (word.length() > 0) {
            out.add(word.toString());
        }
        return out;
    }

    /** Unicode White_Space, as Rust's char::is_whitespace used by the WhitespaceSplit pre-tokenizer. */
    private static boolean isWhitespace(int cp) {
        if (cp >= 0x1C && cp <= 0x1F) {
            return false; // Java calls these separators whitespace, Unicode does not
        }
        return cp == 0x85 || Character.isWhitespace(cp) || Character.isSpaceChar(cp);
    }

    /** As the tokenizers crate's Punctuation pre-tokenizer: ASCII punctuation or a Unicode P* category. */
    private static boolean isPunctuation(int cp) {
        if (cp < 128) {
            return cp > 32 && cp < 127 && !Character.isLetterOrDigit(cp);
        }
        return switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }

    private static boolean isPunctuationPiece(String piece) {
        return piece.codePoints().allMatch(TinyCausalLm::isPunctuation);
    }

    /** Labels, vocabulary and the two weight matrices. */
    private static final class Spec {
        final List<String> labels;
        final LinkedHashMap<String, Integer> vocab = new LinkedHashMap<>();
        final float[][] embedding; // [vocab][labels]
        final float[][] output; // [labels][vocab]

        Spec(Map<String, List<String>> triggersByLabel, float logitScale) {
            if (triggersByLabel.isEmpty()) {
                throw new IllegalArgumentException("no labels");
            }
            TreeMap<String, List<String>> sorted = new TreeMap<>(triggersByLabel);
            labels = List.copyOf(sorted.keySet());
            vocab.put(UNK, UNK_ID);
            vocab.put(PAD, PAD_ID);
            List<List<String>> labelPieces = new ArrayList<>();
            for (String label : labels) {
                List<String> pieces = pieces(label);
                if (pieces.isEmpty()) {
                    throw new IllegalArgumentException("label without tokens: '" + label + "'");
                }
                labelPieces.add(pieces);
                pieces.forEach(this::add);
            }
            List<List<String>> triggerPieces = new ArrayList<>();
            for (String label : labels) {
                List<String> pieces = new ArrayList<>();
                List<String> triggers = sorted.get(label);
                for (String trigger : triggers == null ? List.<String>of() : triggers) {
                    List<String> all = pieces(trigger);
                    all.forEach(this::add);
                    // Punctuation inside a trigger ("e-mail") doesn't vote, unless that is all the trigger is.
                    List<String> words = all.stream().filter(p -> !isPunctuationPiece(p)).toList();
                    pieces.addAll(words.isEmpty() ? all : words);
                }
                triggerPieces.add(pieces);
            }
            embedding = new float[vocab.size()][labels.size()];
            output = new float[labels.size()][vocab.size()];
            for (int j = 0; j < labels.size(); j++) {
                for (String piece : triggerPieces.get(j)) {
                    embedding[vocab.get(piece)][j] = 1f;
                }
                for (String piece : labelPieces.get(j)) {
                    output[j][vocab.get(piece)] = logitScale;
                }
            }
        }

        private void add(String token) {
            vocab.putIfAbsent(token, vocab.size());
        }
    }

    // ---------------------------------------------------------------- ONNX

    private static ModelProto model(Spec spec) {
        int vocabSize = spec.vocab.size();
        int labelCount = spec.labels.size();
        GraphProto.Builder graph = GraphProto.newBuilder()
                .setName("tiny_bag_of_words_causal_lm")
                .addInput(tensorInfo(INPUT_IDS, TensorProto.DataType.INT64, "batch_size", "sequence_length"))
                .addInput(tensorInfo(ATTENTION_MASK, TensorProto.DataType.INT64, "batch_size", "sequence_length"))
                .addOutput(tensorInfo(LOGITS, TensorProto.DataType.FLOAT, "batch_size", "sequence_length",
                        vocabSize))
                .addInitializer(floats("embedding", flatten(spec.embedding), vocabSize, labelCount))
                .addInitializer(floats("lm_head", flatten(spec.output), labelCount, vocabSize))
                .addInitializer(floats("one", new float[] {1f}))
                .addInitializer(longs("sequence_axis", new long[] {1}))
                .addInitializer(longs("last_axis", new long[] {-1}, 1));

        // [B,S] ids -> [B,S,L] label votes of each token
        graph.addNode(node("Gather", List.of("embedding", INPUT_IDS), "votes", intAttr("axis", 0)));
        // mask as float, [B,S] and [B,S,1]
        graph.addNode(node("Cast", List.of(ATTENTION_MASK), "mask",
                intAttr("to", TensorProto.DataType.FLOAT_VALUE)));
        graph.addNode(node("Unsqueeze", List.of("mask", "last_axis"), "mask_3d"));
        graph.addNode(node("Mul", List.of("votes", "mask_3d"), "masked_votes"));
        // running sums over the sequence: votes so far, and how many real tokens so far
        graph.addNode(node("CumSum", List.of("masked_votes", "sequence_axis"), "votes_so_far"));
        graph.addNode(node("CumSum", List.of("mask", "sequence_axis"), "tokens_so_far"));
        graph.addNode(node("Max", List.of("tokens_so_far", "one"), "divisor"));
        graph.addNode(node("Unsqueeze", List.of("divisor", "last_axis"), "divisor_3d"));
        graph.addNode(node("Div", List.of("votes_so_far", "divisor_3d"), "hidden"));
        // [B,S,L] x [L,V] -> [B,S,V]
        graph.addNode(node("MatMul", List.of("hidden", "lm_head"), LOGITS));

        return ModelProto.newBuilder()
                .setIrVersion(Version.IR_VERSION_2021_7_30_VALUE) // IR 8, the one that goes with opset 17
                .setProducerName("camel-gateway-tests")
                .setProducerVersion("1")
                .setDocString("Tiny bag-of-words causal LM generated by TinyCausalLm, labels " + spec.labels)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph)
                .build();
    }

    private static NodeProto node(String op, List<String> inputs, String output, AttributeProto... attributes) {
        NodeProto.Builder node = NodeProto.newBuilder()
                .setOpType(op)
                .setName(output + "_" + op)
                .addAllInput(inputs)
                .addOutput(output);
        for (AttributeProto attribute : attributes) {
            node.addAttribute(attribute);
        }
        return node.build();
    }

    private static AttributeProto intAttr(String name, long value) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.INT)
                .setI(value)
                .build();
    }

    /** Dimensions are Strings (symbolic) or Integers (fixed). */
    private static ValueInfoProto tensorInfo(String name, TensorProto.DataType type, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object dim : dims) {
            TensorShapeProto.Dimension.Builder d = TensorShapeProto.Dimension.newBuilder();
            if (dim instanceof String param) {
                d.setDimParam(param);
            } else {
                d.setDimValue(((Number) dim).longValue());
            }
            shape.addDim(d);
        }
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(TypeProto.newBuilder().setTensorType(
                        TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape)))
                .build();
    }

    /** A float tensor; no dims makes a scalar. */
    private static TensorProto floats(String name, float[] values, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            bytes.putFloat(v);
        }
        return tensor(name, TensorProto.DataType.FLOAT, bytes, dims);
    }

    /** An int64 tensor; no dims makes a scalar. */
    private static TensorProto longs(String name, long[] values, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            bytes.putLong(v);
        }
        return tensor(name, TensorProto.DataType.INT64, bytes, dims);
    }

    private static TensorProto tensor(String name, TensorProto.DataType type, ByteBuffer bytes, long... dims) {
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(type.getNumber());
        for (long dim : dims) {
            tensor.addDims(dim);
        }
        bytes.flip();
        return tensor.setRawData(ByteString.copyFrom(bytes)).build();
    }

    private static float[] flatten(float[][] matrix) {
        int columns = matrix.length == 0 ? 0 : matrix[0].length;
        float[] flat = new float[matrix.length * columns];
        for (int i = 0; i < matrix.length; i++) {
            System.arraycopy(matrix[i], 0, flat, i * columns, columns);
        }
        return flat;
    }

    // ---------------------------------------------------------------- tokenizer.json

    private static String tokenizerJson(Map<String, Integer> vocab) {
        StringBuilder json = new StringBuilder();
        json.append("{\n  \"version\": \"1.0\",\n  \"truncation\": null,\n");
        // Pad with [PAD] (id 1) when padding is turned on; DJL's HuggingFaceTokenizer turns it on (batch longest)
        // and keeps this pad id, where without this block it would pad with id 0 = [UNK].
        json.append("  \"padding\": {\"strategy\": \"BatchLongest\", \"direction\": \"Right\", "
                + "\"pad_to_multiple_of\": null, \"pad_id\": ").append(PAD_ID)
                .append(", \"pad_type_id\": 0, \"pad_token\": ").append(quote(PAD)).append("},\n");
        json.append("  \"added_tokens\": [\n");
        json.append("    ").append(addedToken(UNK_ID, UNK)).append(",\n");
        json.append("    ").append(addedToken(PAD_ID, PAD)).append("\n  ],\n");
        json.append("  \"normalizer\": {\"type\": \"Lowercase\"},\n");
        json.append("  \"pre_tokenizer\": {\"type\": \"Sequence\", \"pretokenizers\": ["
                + "{\"type\": \"WhitespaceSplit\"}, "
                + "{\"type\": \"Punctuation\", \"behavior\": \"Isolated\"}]},\n");
        json.append("  \"post_processor\": null,\n  \"decoder\": null,\n");
        json.append("  \"model\": {\n    \"type\": \"WordLevel\",\n    \"vocab\": {");
        boolean first = true;
        for (Map.Entry<String, Integer> e : vocab.entrySet()) {
            json.append(first ? "\n      " : ",\n      ").append(quote(e.getKey())).append(": ").append(e.getValue());
            first = false;
        }
        json.append("\n    },\n    \"unk_token\": ").append(quote(UNK)).append("\n  }\n}\n");
        return json.toString();
    }

    private static String addedToken(int id, String content) {
        return "{\"id\": " + id + ", \"content\": " + quote(content) + ", \"single_word\": false, \"lstrip\": false, "
                + "\"rstrip\": false, \"normalized\": false, \"special\": true}";
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
