package io.camelgateway.guardrail.injection;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A caller's text as the injection rules read it, with the usual disguises taken off: Unicode compatibility forms
 * (fullwidth, mathematical letters) folded by NFKC, invisible characters (zero-width, soft hyphen, bidi controls)
 * removed, Unicode tag characters (the "ASCII smuggling" block) read as the ASCII they stand for, Cyrillic and
 * Greek lookalikes and digits inside Latin words read as the Latin letters they imitate, lower case. Blobs of
 * base64 or hex that decode to readable text are decoded, because the decoded text is what a model would follow.
 */
public final class InjectionText {
    /** Longest blob tried as base64 or hex: a larger one is data, not a hidden sentence. */
    static final int MAX_BLOB_CHARS = 4_096;
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/_-]{20,}={0,2}");
    private static final Pattern HEX = Pattern.compile("(?:[0-9a-fA-F]{2}[\\s:]?){12,}");
    private static final Map<Character, Character> LOOKALIKES = lookalikes();

    private final String normalized;
    private final List<String> decoded;

    private InjectionText(String normalized, List<String> decoded) {
        this.normalized = normalized;
        this.decoded = decoded;
    }

    public static InjectionText of(String raw) {
        String text = fold(raw);
        return new InjectionText(text, decodedBlobs(raw));
    }

    /** The text, disguises off, lower case. */
    public String normalized() {
        return normalized;
    }

    /** The readable text hidden in base64 or hex blobs, folded the same way; usually empty. */
    public List<String> decoded() {
        return decoded;
    }

    /** Letters only: what is left of "i.g.n.o.r.e a-l-l" once the separators are gone. */
    public static String compact(String folded) {
        StringBuilder letters = new StringBuilder(folded.length());
        for (int i = 0; i < folded.length(); i++) {
            char c = folded.charAt(i);
            if (Character.isLetter(c)) {
                letters.append(c);
            }
        }
        return letters.toString();
    }

    static String fold(String raw) {
        String tagsRead = readTagCharacters(raw);
        String nfkc = Normalizer.normalize(tagsRead, Normalizer.Form.NFKC);
        StringBuilder visible = new StringBuilder(nfkc.length());
        for (int i = 0; i < nfkc.length(); i++) {
            char c = nfkc.charAt(i);
            int type = Character.getType(c);
            if (type == Character.FORMAT || type == Character.CONTROL && c != '\n' && c != '\t' && c != '\r') {
                continue; // zero-width joiners, soft hyphens, bidi overrides: invisible to a reader, kept by a model
            }
            visible.append(c);
        }
        return unmaskWords(visible.toString().toLowerCase(Locale.ROOT));
    }

    /** Unicode tags U+E0020..U+E007E mirror printable ASCII invisibly; a model reads them, so do we. */
    private static String readTagCharacters(String raw) {
        if (raw.indexOf('\uDB40') < 0) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length());
        raw.codePoints().forEach(cp -> {
            if (cp >= 0xE0020 && cp <= 0xE007E) {
                out.append((char) (cp - 0xE0000));
            } else if (cp < 0xE0000 || cp > 0xE007F) {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    /**
     * In a word that has Latin letters, lookalike letters of other scripts and digits are read as the Latin
     * letters they imitate ("іgnоrе" with Cyrillic і and о, "1gn0re"). A word of one other script stays itself,
     * so Russian or Greek text is not mangled.
     */
    private static String unmaskWords(String text) {
        StringBuilder out = null;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '@'
                    || text.charAt(i) == '$')) {
                continue;
            }
            if (i > start && needsUnmasking(text, start, i)) {
                if (out == null) {
                    out = new StringBuilder(text);
                }
                for (int j = start; j < i; j++) {
                    Character latin = LOOKALIKES.get(text.charAt(j));
                    if (latin != null) {
                        out.setCharAt(j, latin);
                    }
                }
            }
            start = i + 1;
        }
        return out == null ? text : out.toString();
    }

    private static boolean needsUnmasking(String text, int from, int to) {
        boolean latin = false;
        boolean disguise = false;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c >= 'a' && c <= 'z') {
                latin = true;
            } else if (LOOKALIKES.containsKey(c)) {
                disguise = true;
            }
        }
        return latin && disguise && !allDigitsAfterLetters(text, from, to);
    }

    /** "gpt4", "utf8", "v2": a word followed by a number is a name, not a disguise. */
    private static boolean allDigitsAfterLetters(String text, int from, int to) {
        int i = from;
        while (i < to && text.charAt(i) >= 'a' && text.charAt(i) <= 'z') {
            i++;
        }
        while (i < to && Character.isDigit(text.charAt(i))) {
            i++;
        }
        return i == to;
    }

    private static List<String> decodedBlobs(String raw) {
        List<String> found = new ArrayList<>();
        Matcher b64 = BASE64.matcher(raw);
        while (b64.find() && found.size() < 4) {
            if (b64.end() - b64.start() <= MAX_BLOB_CHARS) {
                readable(base64(b64.group())).ifPresent(found::add);
            }
        }
        Matcher hex = HEX.matcher(raw);
        while (hex.find() && found.size() < 4) {
            if (hex.end() - hex.start() <= MAX_BLOB_CHARS) {
                readable(hex(hex.group())).ifPresent(found::add);
            }
        }
        return found;
    }

    private static byte[] base64(String blob) {
        String s = blob.replace('-', '+').replace('_', '/');
        int pad = s.indexOf('=');
        s = pad < 0 ? s : s.substring(0, pad);
        try {
            return Base64.getDecoder().decode(s); // padding is optional to Java's decoder
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static byte[] hex(String blob) {
        String digits = blob.replaceAll("[\\s:]", "");
        if (digits.length() % 2 != 0) {
            digits = digits.substring(0, digits.length() - 1);
        }
        return HexFormat.of().parseHex(digits);
    }

    /** Decoded bytes that are a sentence: UTF-8 text, nearly all printable, with a few words. */
    private static Optional<String> readable(byte[] bytes) {
        if (bytes.length < 12) {
            return Optional.empty();
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        long printable = text.chars().filter(c -> c >= 0x20 && c != 0xFFFD || c == '\n' || c == '\t').count();
        long spaces = text.chars().filter(c -> c == ' ').count();
        if (printable < text.length() * 0.95 || spaces < 2) {
            return Optional.empty();
        }
        return Optional.of(fold(text));
    }

    private static Map<Character, Character> lookalikes() {
        Map<Character, Character> m = new HashMap<>();
        String[] pairs = {
            // Cyrillic
            "аa", "вb", "еe", "ёe", "іi", "їi", "јj", "кk", "мm", "нh", "оo", "рp", "сc", "тt", "уy", "хx", "ѕs",
            "ԁd", "һh", "ӏl", "ԛq", "ԝw", "ɡg",
            // Greek
            "αa", "βb", "εe", "ηn", "ιi", "κk", "νv", "οo", "ρp", "τt", "υu", "χx", "ωw", "ϲc",
            // digits and signs in words
            "0o", "1i", "3e", "4a", "5s", "7t", "@a", "$s"};
        for (String p : pairs) {
            m.put(p.charAt(0), p.charAt(1));
        }
        return Map.copyOf(m);
    }
}
