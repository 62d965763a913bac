package io.camelgateway.guardrail.pii;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import io.camelgateway.api.ChatRequest;

/**
 * Finds the PII in every text of a chat request (each message's content, whatever its role, its text parts, tool
 * calls' arguments) and, when asked, replaces each value with its placeholder. A message's text parts are read as
 * one text, so a value split over two parts is found; its first part then carries the placeholder and the others
 * lose their share of it. Image and other non-text parts are left as they are.
 */
final class PromptRedaction {
    private final PiiScanner scanner;

    PromptRedaction(PiiScanner scanner) {
        this.scanner = scanner;
    }

    /** What the request holds, changing nothing. */
    PiiReport inspect(ChatRequest request) {
        PiiReport report = new PiiReport();
        forEachText(request, texts -> {
            for (PiiFinding f : scanner.scan(String.join("", texts))) {
                report.add(f.kind());
            }
            return texts;
        });
        return report;
    }

    /** Replaces each value in the request's messages with its placeholder; returns what it found. */
    PiiReport redact(ChatRequest request, Placeholders placeholders) {
        PiiReport report = new PiiReport();
        forEachText(request, texts -> redact(texts, placeholders, report));
        return report;
    }

    private List<String> redact(List<String> texts, Placeholders placeholders, PiiReport report) {
        String joined = String.join("", texts);
        List<PiiFinding> findings = scanner.scan(joined);
        if (findings.isEmpty()) {
            return texts;
        }
        findings.forEach(f -> report.add(f.kind()));
        List<String> out = new ArrayList<>(texts.size());
        int next = 0; // the first finding that may reach into the current part
        int partStart = 0;
        for (String text : texts) {
            int partEnd = partStart + text.length();
            StringBuilder part = new StringBuilder(text.length());
            int cursor = partStart;
            while (next < findings.size() && findings.get(next).start() < partEnd) {
                PiiFinding f = findings.get(next);
                if (f.end() > partStart) {
                    part.append(joined, cursor, Math.max(cursor, f.start()));
                    if (f.start() >= partStart) {
                        part.append(placeholders.placeholderFor(f.kind(), joined.substring(f.start(), f.end())));
                    }
                    cursor = Math.min(f.end(), partEnd);
                }
                if (f.end() > partEnd) {
                    break; // it goes on into the next part, which drops its share
                }
                next++;
            }
            part.append(joined, cursor, partEnd);
            out.add(part.toString());
            partStart = partEnd;
        }
        return out;
    }

    /** Each group of texts read as one, for the request's messages; the group's function returns its new texts. */
    private static void forEachText(ChatRequest request, UnaryOperator<List<String>> group) {
        if (request.messages != null) {
            request.messages.forEach(message -> MessageTexts.change(message, group));
        }
    }
}
