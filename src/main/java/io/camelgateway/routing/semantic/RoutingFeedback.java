package io.camelgateway.routing.semantic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.camelgateway.api.GatewayException;

/**
 * Prompts labelled by callers ({@code POST /v1/routing/feedback}): each record is a prompt, the intent the caller
 * says is right, and where the router sent it, appended to a file in the dev set's format, so that the calibration
 * and eval commands read it as it is. The file holds at most {@code maxRecords} records and each text is cut to
 * {@link #MAX_TEXT_CHARS} characters: callers cannot grow it without bound.
 */
public final class RoutingFeedback {
    /** Tier 2 reads the first 32 word pieces of a request and 16 of its material: this is plenty. */
    static final int MAX_TEXT_CHARS = 4000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final int maxRecords;
    private int records;
    /** The file's size after our last write: another size means someone emptied or edited it, so count again. */
    private long knownSize = -1;

    /** What the caller is told: their label, where the router sent the prompt, and how many records there are. */
    public record Receipt(String intent, String routedIntent, String routedTier, int records) {
    }

    public RoutingFeedback(Path file, int maxRecords) {
        this.file = file;
        this.maxRecords = maxRecords;
    }

    public Path file() {
        return file;
    }

    /** Appends one labelled prompt; a full file is refused with a 507 the caller can act on. */
    public synchronized Receipt record(String label, RoutingDecision decision) {
        countIfChanged();
        if (records >= maxRecords) {
            throw new GatewayException(507, "server_error", "feedback_full", "The routing feedback file "
                    + "holds its " + maxRecords + " records: calibrate from it (docs/routing.md) and empty it.");
        }
        String text = decision.routedText();
        String line = "  - {intent: " + quoted(label) + ", keywords: " + decision.keywordMatches().contains(label)
                + ", routed: " + quoted(decision.intent()) + ", tier: " + decision.tier() + ", text: "
                + quoted(text.length() > MAX_TEXT_CHARS ? text.substring(0, MAX_TEXT_CHARS) : text) + "}\n";
        try {
            if (!Files.isRegularFile(file)) {
                if (file.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(file.toAbsolutePath().getParent());
                }
                Files.writeString(file, "# Prompts labelled by callers (POST /v1/routing/feedback); docs/routing.md"
                        + "\nprompts:\n", StandardCharsets.UTF_8);
            }
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            knownSize = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the routing feedback file " + file, e);
        }
        records++;
        return new Receipt(label, decision.intent(), decision.tier(), records);
    }

    private void countIfChanged() {
        try {
            long size = Files.isRegularFile(file) ? Files.size(file) : 0;
            if (size != knownSize) {
                records = size == 0 ? 0
                        : (int) Files.readAllLines(file).stream().filter(l -> l.startsWith("  - {")).count();
                knownSize = size;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the routing feedback file " + file, e);
        }
    }

    /** A JSON string is a YAML double-quoted scalar: quotes, backslashes and line breaks escaped. */
    private static String quoted(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
