package io.camelgateway.routing.semantic;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A prompt read for its structure: the caller's request, apart from the material pasted with it (fenced or
 * indented code, quoted lines, a long quoted passage, long paragraphs, the text after "Summarise this:"). An
 * embedding of the whole prompt follows the pasted content, not the request: "What is wrong here?" above forty
 * lines of SQL is about code, and "English please:" above a German letter is a translation.
 *
 * @param request  what the caller asks, or the whole prompt when no material stands apart
 * @param material the pasted text, or "" when none was found
 */
public record PromptParts(String request, String material) {
    /** A paragraph or line longer than this is pasted material rather than a request. */
    static final int REQUEST_MAX_WORDS = 40;
    /** A quoted passage of 40 characters or more is material: shorter quotes ("say 'cheers' in Italian") stay. */
    /** Only a long prompt's first and last characters are read: where a request can be, in bounded time. */
    static final int HEAD_CHARS = 6000;
    static final int TAIL_CHARS = 2000;

    private static final Pattern FENCE = Pattern.compile("```[^\\n]*\\n?[\\s\\S]*?(```|\\z)");
    private static final Pattern QUOTE = Pattern.compile(
            "\"[^\"]{40,2000}+\"|“[^”]{40,2000}+”|«[^»]{40,2000}+»|(?<!\\w)'[^'\\n]{40,2000}+'(?!\\w)");
    private static final Pattern BLANK_LINE = Pattern.compile("\\n[ \\t]*\\n");
    /** "Summarise this: <text>", "English please: <text>": a short lead-in ending in a colon, then the text. */
    private static final Pattern LEAD_IN = Pattern.compile("^([^:\\n]{3,120}?):\\s+(\\S[\\s\\S]*)$");

    public boolean hasMaterial() {
        return !material.isEmpty();
    }

    /**
     * Pasted material is cut out first (fences, long quotes, quoted or indented lines). Of what is left, with
     * several paragraphs the request is the first one, or the last when the first is too long to be one ("...
     * summarise the above"); in one paragraph of several lines, the first line; in one line, a short lead-in
     * ending in a colon.
     */
    public static PromptParts of(String prompt) {
        List<String> material = new ArrayList<>();
        String read = prompt.length() <= HEAD_CHARS + TAIL_CHARS ? prompt
                : prompt.substring(0, HEAD_CHARS) + "\n\n" + prompt.substring(prompt.length() - TAIL_CHARS);
        String rest = cut(QUOTE, cut(FENCE, read, material), material);
        List<String> blocks = new ArrayList<>();
        for (String block : BLANK_LINE.split(rest)) {
            List<String> lines = new ArrayList<>();
            for (String line : block.split("\n")) {
                if (isMaterialLine(line)) {
                    material.add(line);
                } else if (!line.isBlank()) {
                    lines.add(line.strip());
                }
            }
            if (!lines.isEmpty()) {
                blocks.add(String.join("\n", lines));
            }
        }
        String request = blocks.isEmpty() ? "" : blocks.get(0);
        if (blocks.size() > 1) {
            String last = blocks.get(blocks.size() - 1);
            request = words(request) > REQUEST_MAX_WORDS && words(last) <= REQUEST_MAX_WORDS ? last : request;
            for (String block : blocks) {
                if (!block.equals(request)) {
                    material.add(block);
                }
            }
        } else if (request.contains("\n")) {
            String first = request.substring(0, request.indexOf('\n'));
            if (words(first) <= REQUEST_MAX_WORDS) {
                material.add(request.substring(first.length() + 1));
                request = first;
            }
        } else if (material.isEmpty()) {
            Matcher leadIn = LEAD_IN.matcher(request);
            if (leadIn.matches() && words(leadIn.group(1)) <= 20 && words(leadIn.group(2)) >= 12
                    && words(leadIn.group(2)) >= 2 * words(leadIn.group(1))) {
                request = leadIn.group(1) + ":";
                material.add(leadIn.group(2));
            }
        }
        String pasted = String.join("\n", material).strip();
        if (request.isBlank() || pasted.isEmpty() || words(request) > REQUEST_MAX_WORDS) {
            return new PromptParts(prompt.strip(), "");
        }
        return new PromptParts(request.strip(), pasted);
    }

    private static String cut(Pattern pattern, String text, List<String> material) {
        Matcher m = pattern.matcher(text);
        StringBuilder rest = new StringBuilder();
        while (m.find()) {
            material.add(m.group());
            m.appendReplacement(rest, " ");
        }
        m.appendTail(rest);
        return rest.toString();
    }

    /** A quoted line, or code: indented, or ending as a statement or block does. */
    private static boolean isMaterialLine(String line) {
        String end = line.stripTrailing();
        return line.startsWith(">") || line.startsWith("  ") || line.startsWith("\t")
                || end.endsWith("{") || end.endsWith("}") || end.endsWith(";");
    }

    static int words(String text) {
        int count = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            count += !space && !inWord ? 1 : 0;
            inWord = !space;
        }
        return count;
    }
}
