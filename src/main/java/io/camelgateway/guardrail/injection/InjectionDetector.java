package io.camelgateway.guardrail.injection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import io.camelgateway.api.ChatMessage;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.embedding.SentenceEmbedder;

/**
 * Scores how likely a chat request carries a prompt injection in the messages its caller controls. Two signals,
 * combined as independent evidence (1 - (1 - rules)(1 - similarity)):
 * <ol>
 * <li>the {@link InjectionRules} over each message's folded text and any text decoded from base64 or hex in it;</li>
 * <li>embedding similarity of the message's most suspicious pieces to the {@link AttackExamples}: the pieces with
 * the most words attacks use, at most {@link #EMBEDDED_PIECES} of them, so that a long prompt or a long
 * conversation costs the model no more than a short one.</li>
 * </ol>
 * When the rules alone reach the threshold the model is not run (unless explaining).
 */
public final class InjectionDetector {
    /** Pieces of the caller's text embedded per request. */
    static final int EMBEDDED_PIECES = 2;
    /** Attack words a piece after the first needs to be embedded too. */
    static final int SECOND_PIECE_CUES = 2;
    /** A piece is a sentence or a few, up to about this many characters. */
    static final int PIECE_CHARS = 280;
    /** Characters of caller text read per request, newest messages first; the rest is not scanned. */
    public static final int MAX_SCANNED_CHARS = 256 * 1024;

    /**
     * @param threshold       the score at which a request counts as an injection
     * @param similarityFloor the similarity evidence (see {@link #similarityScore}) where the embedding signal
     *                        starts; chosen on classifier-models/eval/prompt-injection-dev.yaml, never on the eval set
     * @param similarityFull  where it is full
     */
    public record Settings(double threshold, double similarityFloor, double similarityFull) {
        public static final Settings DEFAULTS = new Settings(0.6, 0.56, 0.96);
    }

    private static final Set<String> CUES = Set.of("ignore", "ignoring", "disregard", "forget", "instruction",
            "instructions", "prompt", "system", "rules", "guidelines", "restrictions", "restricted", "filter",
            "filters", "jailbreak", "jailbroken", "pretend", "roleplay", "persona", "unrestricted", "uncensored",
            "unfiltered", "developer", "reveal", "override", "bypass", "previous", "above", "verbatim", "secret",
            "hidden", "confidential", "admin", "dan", "obey", "comply", "assistant", "ai", "llm", "model", "send",
            "password", "credentials", "mode", "now", "must", "policy", "policies", "ethics", "censorship",
            "limits", "anything", "repeat", "print", "new", "task", "character", "stay");

    private final Supplier<AttackExamples> examples;
    private final Supplier<SentenceEmbedder> embedder;
    private final Settings settings;

    /** @param examples null for rules only */
    public InjectionDetector(Supplier<AttackExamples> examples, Supplier<SentenceEmbedder> embedder,
                             Settings settings) {
        this.examples = examples;
        this.embedder = embedder;
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Scores the messages of the given roles. Blocks while the model runs (milliseconds): never on an event loop.
     *
     * @param explain run the embedding check even when the rules already decide, to show its score
     */
    public InjectionVerdict check(ChatRequest request, Set<String> roles, boolean explain) {
        List<Piece> pieces = new ArrayList<>();
        List<InjectionRules.Match> matches = new ArrayList<>();
        int ruleMessage = -1;
        double ruleScore = 0;
        int budget = MAX_SCANNED_CHARS;
        int scanned = 0;
        boolean partial = false;
        List<ChatMessage> messages = request.messages == null ? List.of() : request.messages;
        for (int i = messages.size() - 1; i >= 0 && !partial; i--) {
            ChatMessage message = messages.get(i);
            if (message == null || !roles.contains(message.role)) {
                continue;
            }
            String raw = message.text();
            if (raw.isBlank()) {
                continue;
            }
            if (raw.length() > budget) {
                raw = raw.substring(raw.length() - budget); // the end of a long tool result is where it steers
                partial = true;
            }
            budget -= raw.length();
            scanned++;
            InjectionText text = InjectionText.of(raw);
            List<String> readings = new ArrayList<>();
            readings.add(text.normalized());
            readings.addAll(text.decoded());
            for (String reading : readings) {
                List<InjectionRules.Match> found = InjectionRules.matches(reading);
                double score = InjectionRules.score(found);
                if (score > ruleScore) {
                    ruleScore = score;
                    ruleMessage = i;
                    matches = found;
                }
                pieces(reading, i, pieces);
            }
        }
        RuleEvidence rules = new RuleEvidence(ruleScore, matches, ruleMessage);
        if (examples == null || pieces.isEmpty() || ruleScore >= settings.threshold() && !explain) {
            return verdict(rules, null, scanned, partial);
        }
        return verdict(rules, nearest(pieces), scanned, partial);
    }

    /** Loads the model and embeds the examples now, rather than in the first request checked. */
    public void warmUp() {
        if (examples != null) {
            examples.get();
            embedder.get();
        }
    }

    private record RuleEvidence(double score, List<InjectionRules.Match> matches, int message) {
    }

    private record Piece(String text, int message, int cues) {
    }

    private record Similar(AttackExamples.Nearest nearest, int message) {
    }

    private Similar nearest(List<Piece> pieces) {
        List<Piece> chosen = new ArrayList<>(pieces);
        // most cue words first; among equals the newest message (pieces were gathered newest first)
        chosen.sort(Comparator.comparingInt(Piece::cues).reversed());
        AttackExamples file = examples.get();
        SentenceEmbedder model = embedder.get();
        Similar best = null;
        for (Piece piece : chosen.subList(0, Math.min(EMBEDDED_PIECES, chosen.size()))) {
            if (best != null && piece.cues() < SECOND_PIECE_CUES) {
                break; // a second piece costs the model again: only when it too reads like an attack
            }
            AttackExamples.Nearest n = file.nearest(model.embed(piece.text(), AttackExamples.WINDOW));
            if (best == null || similarityScore(n) > similarityScore(best.nearest())) {
                best = new Similar(n, piece.message());
            }
        }
        return best;
    }

    /**
     * The similarity to the nearest attack plus its lead over the nearest benign example (a question about attacks
     * is near both): 0 up to the floor, 1 from the full mark on, linear between.
     */
    double similarityScore(AttackExamples.Nearest n) {
        double evidence = n.attack() + (n.attack() - n.benign());
        double s = (evidence - settings.similarityFloor()) / (settings.similarityFull() - settings.similarityFloor());
        return Math.max(0, Math.min(1, s));
    }

    private InjectionVerdict verdict(RuleEvidence rules, Similar similar, int scanned, boolean partial) {
        double e = similar == null ? 0 : similarityScore(similar.nearest());
        double score = 1 - (1 - rules.score()) * (1 - e);
        int message = e > rules.score() ? similar.message() : rules.message();
        return new InjectionVerdict(round(score), settings.threshold(), score >= settings.threshold(),
                rules.matches().stream().map(InjectionRules.Match::rule).distinct().toList(), round(rules.score()),
                similar == null ? null : round(similar.nearest().attack()),
                similar == null ? null : similar.nearest().example(),
                similar == null ? null : round(similar.nearest().benign()), round(e), message, scanned, partial);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    /** The model was trained on English: on other scripts its similarities say little (the rules cover them). */
    private static boolean mostlyLatin(String piece) {
        int letters = 0;
        int latin = 0;
        for (int i = 0; i < piece.length(); i++) {
            char c = piece.charAt(i);
            if (Character.isLetter(c)) {
                letters++;
                if (c < 0x250) {
                    latin++;
                }
            }
        }
        return latin * 2 >= letters;
    }

    /** Splits the folded text into pieces of a sentence or a few, each with the count of its attack words. */
    private static void pieces(String folded, int message, List<Piece> into) {
        int start = 0;
        int cues = 0;
        int wordStart = -1;
        for (int i = 0; i <= folded.length(); i++) {
            char c = i < folded.length() ? folded.charAt(i) : '\n';
            boolean letter = Character.isLetterOrDigit(c);
            if (letter && wordStart < 0) {
                wordStart = i;
            } else if (!letter && wordStart >= 0) {
                if (CUES.contains(folded.substring(wordStart, i))) {
                    cues++;
                }
                wordStart = -1;
            }
            boolean sentenceEnd = c == '.' || c == '!' || c == '?' || c == '\n' || i == folded.length();
            if (sentenceEnd && (i - start >= PIECE_CHARS / 2 || i == folded.length())) {
                String piece = folded.substring(start, Math.min(i + 1, folded.length())).strip();
                if (!piece.isEmpty() && mostlyLatin(piece)) {
                    into.add(new Piece(piece.length() > PIECE_CHARS * 2 ? piece.substring(0, PIECE_CHARS * 2)
                            : piece, message, cues));
                }
                start = i + 1;
                cues = 0;
            }
        }
    }
}
