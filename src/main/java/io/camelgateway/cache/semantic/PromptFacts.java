package io.camelgateway.cache.semantic;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a prompt states that an embedding blurs: its numbers, dates and times, named entities, negation and
 * language. Two prompts that embed close but differ in one of these ("weather in Paris" and "weather in Rome")
 * ask different questions; {@link #differenceFrom} names the first such difference.
 *
 * @param language  a script or language code ("en", "fr", "cyrillic"...), or "" when too short to tell
 * @param numbers   numbers as digits ("two" and "2" alike, "1,000" as "1000")
 * @param times     month and week day names, and relative dates such as tomorrow or next week
 * @param entities  lower-cased words written with a capital where no sentence starts: names, places, products
 * @param words     every lower-cased word, so an entity written in lower case in the other prompt still matches
 * @param negated   whether the prompt says not, no, never, without...
 */
public record PromptFacts(String language, Set<String> numbers, Set<String> times, Set<String> entities,
                          Set<String> words, boolean negated) {

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{M}][\\p{L}\\p{M}'’]*|\\d[\\d,.]*\\d|\\d");
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?¿¡:;\\n]");
    private static final Map<String, String> NUMBER_WORDS = numberWords();
    private static final Set<String> TIME_WORDS = Set.of(
            "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
            "dec", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
            "tomorrow", "yesterday", "tonight", "weekend", "morning", "afternoon", "evening", "midnight", "noon",
            "next", "last", "previous", "ago", "spring", "summer", "autumn", "winter", "christmas", "easter");
    /** Month names that are also ordinary words: a month only when written with a capital mid-sentence. */
    private static final Set<String> MONTHS_THAT_ARE_WORDS = Set.of("may", "march", "mar", "jan", "sept", "dec");
    private static final Set<String> NEGATIONS = Set.of("not", "no", "never", "without", "none", "nobody",
            "nothing", "neither", "nor", "cannot", "nowhere", "non", "pas", "nicht", "kein", "keine", "nunca", "jamais",
            "não", "niet", "geen", "mai");
    /** Words that "May" or "March" in a question's start would be, not months; also titles and pronouns. */
    private static final Set<String> NOT_ENTITIES = Set.of("i", "i'm", "i've", "i'd", "i'll", "ok", "okay", "please",
            "thanks", "hi", "hello", "hey", "dear", "mr", "mrs", "ms", "dr");
    private static final Map<String, Set<String>> STOP_WORDS = Map.of(
            "en", Set.of("the", "is", "are", "what", "how", "of", "and", "to", "in", "for", "a", "an", "it", "do",
                    "does", "can", "my", "i", "you", "with", "which", "why", "should", "there", "this", "that",
                    "me", "on", "be", "was", "who", "when", "where", "from", "about", "your", "much", "many"),
            "fr", Set.of("le", "la", "les", "est", "des", "du", "et", "une", "un", "je", "que", "quel", "quelle",
                    "pour", "dans", "comment", "pourquoi", "ce", "c'est", "qu'est", "mon", "ma", "mes", "vous",
                    "sur", "au", "aux", "avec", "il", "elle", "sont", "faut", "combien", "où"),
            "de", Set.of("der", "die", "das", "ist", "und", "wie", "was", "ich", "ein", "eine", "nicht", "mit",
                    "für", "auf", "den", "dem", "sind", "wo", "warum", "welche", "welcher", "mein", "meine",
                    "kann", "sie", "es", "zu", "im", "von", "wer", "wann", "gibt"),
            "es", Set.of("el", "los", "las", "es", "qué", "que", "cómo", "como", "del", "por", "para", "una",
                    "un", "y", "en", "con", "mi", "puedo", "cuál", "cuánto", "dónde", "son", "está", "hay",
                    "se", "lo", "su", "quién", "cuándo", "porque", "al"),
            "it", Set.of("il", "lo", "gli", "che", "è", "di", "per", "una", "con", "come", "perché", "quale",
                    "mio", "mia", "sono", "nel", "della", "del", "cosa", "posso", "quanto", "dove", "chi",
                    "quando", "non", "si", "ci"),
            "pt", Set.of("o", "os", "as", "é", "do", "da", "dos", "das", "que", "como", "para", "uma", "um",
                    "em", "com", "meu", "minha", "qual", "quanto", "onde", "não", "por", "quem", "quando",
                    "posso", "isso", "são", "no", "na"),
            "nl", Set.of("de", "het", "een", "is", "en", "van", "hoe", "wat", "ik", "niet", "met", "voor", "op",
                    "zijn", "mijn", "waar", "waarom", "welke", "kan", "wie", "wanneer", "er", "dat"));
    private static final List<String> LATIN_LANGUAGES = List.of("en", "fr", "de", "es", "it", "pt", "nl");

    /** The facts of one prompt. */
    public static PromptFacts of(String text) {
        Set<String> numbers = new TreeSet<>();
        Set<String> times = new TreeSet<>();
        Set<String> entities = new TreeSet<>();
        Set<String> words = new HashSet<>();
        boolean negated = false;
        boolean sentenceStart = true;
        int last = 0;
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            if (SENTENCE_END.matcher(text.subSequence(last, m.start())).find()) {
                sentenceStart = true;
            }
            last = m.end();
            String token = m.group();
            String lower = token.toLowerCase(Locale.ROOT).replace('’', '\'');
            words.add(lower);
            if (Character.isDigit(token.charAt(0))) {
                numbers.add(digits(token));
            } else if (NUMBER_WORDS.containsKey(lower)) {
                numbers.add(NUMBER_WORDS.get(lower));
            }
            String stem = lower.endsWith("'s") ? lower.substring(0, lower.length() - 2) : lower;
            words.add(stem);
            boolean capitalised = Character.isUpperCase(token.charAt(0));
            if (TIME_WORDS.contains(stem)
                    && (!MONTHS_THAT_ARE_WORDS.contains(stem) || capitalised && !sentenceStart)) {
                times.add(stem);
            }
            if (NEGATIONS.contains(lower) || lower.endsWith("n't")) {
                negated = true;
            }
            if (capitalised && !sentenceStart && !NOT_ENTITIES.contains(lower) && !TIME_WORDS.contains(stem)) {
                entities.add(stem);
            }
            sentenceStart = false;
        }
        return new PromptFacts(language(text, words), numbers, times, entities, words, negated);
    }

    /**
     * The first fact in which the two prompts differ: "language", "number", "date", "entity" or "negation";
     * null when they state the same. An entity of one counts as present in the other when the other has the
     * word at all (written at a sentence's start, or in lower case).
     */
    public String differenceFrom(PromptFacts other) {
        if (!language.isEmpty() && !other.language.isEmpty() && !language.equals(other.language)) {
            return "language";
        }
        if (!numbers.equals(other.numbers)) {
            return "number";
        }
        if (!times.equals(other.times)) {
            return "date";
        }
        if (!other.words.containsAll(entities) || !words.containsAll(other.entities)) {
            return "entity";
        }
        if (negated != other.negated) {
            return "negation";
        }
        return null;
    }

    /** The script, or for Latin letters the language whose common words the prompt uses most; "" when unsure. */
    private static String language(String text, Set<String> words) {
        int latin = 0;
        int other = 0;
        Character.UnicodeScript dominant = null;
        int[] counts = new int[Character.UnicodeScript.values().length];
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (!Character.isLetter(cp)) {
                continue;
            }
            Character.UnicodeScript script = Character.UnicodeScript.of(cp);
            if (script == Character.UnicodeScript.LATIN) {
                latin++;
            } else {
                other++;
                counts[script.ordinal()]++;
                if (dominant == null || counts[script.ordinal()] > counts[dominant.ordinal()]) {
                    dominant = script;
                }
            }
        }
        if (other > latin) {
            // Han covers Chinese and the kanji of Japanese: both are told from Latin-script prompts, which is what
            // matters here.
            return dominant.name().toLowerCase(Locale.ROOT);
        }
        String best = "";
        int bestHits = 1; // one common word may be shared ("a", "de"): two or more are needed to tell
        for (String language : LATIN_LANGUAGES) {
            int hits = 0;
            for (String word : words) {
                if (STOP_WORDS.get(language).contains(word)) {
                    hits++;
                }
            }
            if (hits > bestHits) {
                best = language;
                bestHits = hits;
            } else if (hits == bestHits && !best.isEmpty()) {
                best = ""; // a tie says nothing
            }
        }
        return best;
    }

    private static String digits(String token) {
        String plain = token.replace(",", "");
        if (plain.endsWith(".")) {
            plain = plain.substring(0, plain.length() - 1);
        }
        if (plain.contains(".")) {
            plain = plain.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return plain;
    }

    private static Map<String, String> numberWords() {
        // "one" and "first" are left out: "which one", "first, ..." say no number
        String[] units = {"zero", null, "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
                "nineteen", "twenty"};
        Map<String, String> words = new java.util.HashMap<>();
        for (int i = 0; i < units.length; i++) {
            if (units[i] != null) {
                words.put(units[i], String.valueOf(i));
            }
        }
        String[] tens = {"thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};
        for (int i = 0; i < tens.length; i++) {
            words.put(tens[i], String.valueOf(30 + 10 * i));
        }
        String[] ordinals = {null, "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
                "tenth"};
        for (int i = 0; i < ordinals.length; i++) {
            if (ordinals[i] != null) {
                words.put(ordinals[i], String.valueOf(i + 1));
            }
        }
        words.put("dozen", "12");
        words.put("hundred", "100");
        words.put("thousand", "1000");
        words.put("million", "1000000");
        words.put("billion", "1000000000");
        return Map.copyOf(words);
    }
}
