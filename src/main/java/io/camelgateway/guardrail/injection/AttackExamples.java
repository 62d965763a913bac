package io.camelgateway.guardrail.injection;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.camelgateway.embedding.SentenceEmbedder;

/**
 * The editable examples the embedding check compares against (classifier-models/prompt-injection.yaml): attacks,
 * and benign prompts that look like them. Each is embedded once, when the file loads. A prompt close to an attack
 * and closer to it than to any benign example is likely an attack; one closest to a benign lookalike is likely not.
 */
public final class AttackExamples {
    /** The word pieces embedded of an example and of a prompt's piece: a sentence or two. */
    public static final int WINDOW = 32;

    /** The nearest attack and benign example to a text. */
    public record Nearest(double attack, String example, double benign) {
        static final Nearest NONE = new Nearest(0, null, 0);
    }

    private final List<String> attacks;
    private final List<float[]> attackVectors;
    private final List<float[]> benignVectors;

    private AttackExamples(List<String> attacks, List<float[]> attackVectors, List<float[]> benignVectors) {
        this.attacks = attacks;
        this.attackVectors = attackVectors;
        this.benignVectors = benignVectors;
    }

    /** Reads and embeds the file; a file without attacks is refused with where to add them. */
    public static AttackExamples read(InputStream in, String source, SentenceEmbedder embedder) throws IOException {
        JsonNode root = new YAMLMapper().readTree(in);
        List<String> attacks = texts(root, "attacks");
        List<String> benign = texts(root, "benign");
        if (attacks.isEmpty()) {
            throw new IOException(source + ": expected 'attacks:' with at least one example (a list of strings)");
        }
        return new AttackExamples(attacks, embed(attacks, embedder), embed(benign, embedder));
    }

    public int attackCount() {
        return attacks.size();
    }

    public int benignCount() {
        return benignVectors.size();
    }

    /** The nearest examples to a prompt's embedding. */
    public Nearest nearest(float[] prompt) {
        double best = -1;
        int bestIndex = -1;
        for (int i = 0; i < attackVectors.size(); i++) {
            double similarity = SentenceEmbedder.cosine(prompt, attackVectors.get(i));
            if (similarity > best) {
                best = similarity;
                bestIndex = i;
            }
        }
        double benign = 0;
        for (float[] b : benignVectors) {
            benign = Math.max(benign, SentenceEmbedder.cosine(prompt, b));
        }
        return new Nearest(best, attacks.get(bestIndex), benign);
    }

    private static List<String> texts(JsonNode root, String field) throws IOException {
        List<String> texts = new ArrayList<>();
        JsonNode list = root.path(field);
        if (!list.isMissingNode() && !list.isArray()) {
            throw new IOException("'" + field + "' must be a list of strings");
        }
        for (JsonNode item : list) {
            if (!item.isTextual() || item.asText().isBlank()) {
                throw new IOException("'" + field + "' must hold non-empty strings, not " + item);
            }
            texts.add(item.asText());
        }
        return texts;
    }

    private static List<float[]> embed(List<String> texts, SentenceEmbedder embedder) {
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (String text : texts) {
            vectors.add(embedder.embed(InjectionText.fold(text), WINDOW));
        }
        return vectors;
    }
}
