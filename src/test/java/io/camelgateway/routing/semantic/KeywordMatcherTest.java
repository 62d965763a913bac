package io.camelgateway.routing.semantic;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tier 1's scanner, phrase table and regex pre-check, on small hand-made intents. */
class KeywordMatcherTest {
    static final KeywordMatcher MATCHER = new KeywordMatcher(List.of(
            intent("code", List.of("stack trace", "regex", "c++"), List.of(
                    "\\b(def|class|public static void|import)\\s+\\w+", "```")),
            intent("math", List.of("derivative", "x ^ 2"), List.of("\\d+\\s*[-+*/]\\s*\\d+\\s*=")),
            intent("summary", List.of("tl;dr", "key  takeaways"), List.of()),
            intent("finance", List.of("IBAN", "Straße"), List.of("(?i)\\bswift code\\b"))));

    static Intent intent(String name, List<String> keywords, List<String> patterns) {
        return new Intent(name, "", List.of(), keywords, patterns);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "the STACK\t\u2003 trace below|code",
            "the STACK\u00a0trace below|",
            "stack trace|code",
            "a stack  trace, and a tl ; dr|code summary",
            "stack tracer|",
            "stackstrace|",
            "why does c++ crash|code",
            "why does c + + crash|code",
            "c+|",
            "x^2 please|math",
            "x^20 please|",
            "TL;DR:|summary",
            "key takeaways|summary",
            "key takeaway|",
            "my iban|finance",
            "STRASSE|",
            "die straße|finance",
            "DIE STRASSE|",
            "what's my SWIFT CODE?|finance",
            "def main(): pass|code",
            "undefined behaviour, classic mistakes, important imports|",
            "import os|code",
            "from x IMPORT y|",
            "so ``` here|code",
            "`` `|",
            "12 + 30 = ?|math",
            "the derivative of 3*4 = 12|math",
            "|",
            "   |"})
    void matchesWholeTokensInAnyCase(String text, String expected) {
        Set<String> want = expected == null ? Set.of() : Set.of(expected.split(" "));
        assertEquals(want, MATCHER.matches(text == null ? "" : text));
    }

    @Test
    void resultKeepsTheDeclaredOrder() {
        assertEquals(List.of("code", "math", "summary", "finance"),
                List.copyOf(MATCHER.matches("tl;dr iban derivative regex")));
    }

    @Test
    void tokensAreLowerCasedRunsOfWordCharsOrSingleSymbols() {
        assertEquals(List.of("tl", ";", "dr", "c", "+", "+", "snake_case", "42"),
                KeywordMatcher.tokens("  TL;DR\tC++ snake_Case 42 "));
    }

    @Test
    void regexesThatStartWithLiteralsAreTriedOnlyWhereTheyOccur() {
        assertEquals(List.of("def", "class", "public static void", "import"),
                KeywordMatcher.leadingLiterals("\\b(def|class|public static void|import)\\s+\\w+"));
        assertEquals(List.of("```"), KeywordMatcher.leadingLiterals("```"));
        assertEquals(List.of("SELECT"), KeywordMatcher.leadingLiterals("SELECT\\s+\\w+"));
        assertEquals(List.of("colo"), KeywordMatcher.leadingLiterals("colou?r"));
        assertEquals(List.of("a", "b"), KeywordMatcher.leadingLiterals("(?:a|b)+x"));
        for (String whole : List.of("(?i)select", "\\d+\\s*=", "a|b", "(a|b)?c", "(a|b)c|d", "(c\\+\\+|java)",
                "^abc", "(a(b)|c)", "\\b")) {
            assertEquals(null, KeywordMatcher.leadingLiterals(whole), whole);
        }
    }

    @Test
    void tryingRegexesOnlyAtTheirLiteralsFindsWhatASearchFinds() {
        List<String> regexes = List.of("\\b(def|class|import)\\s+\\w+", "```", "colou?r\\b", "(?:ab|b)+c",
                "SELECT\\s+\\*");
        List<String> texts = List.of("", "def", "def x", "undef x", "a def  main", "classic class Foo", "x```y",
                "colour", "colours", "color.", "abbc", "xbc", "ab c", "SELECT *", "select *", "SELECT\n*",
                "import os; def f", "the class", "importer x");
        for (String regex : regexes) {
            KeywordMatcher matcher = new KeywordMatcher(List.of(intent("x", List.of(), List.of(regex))));
            for (String text : texts) {
                boolean found = java.util.regex.Pattern.compile(regex).matcher(text).find();
                assertEquals(found, !matcher.matches(text).isEmpty(), () -> regex + " on '" + text + "'");
            }
        }
    }
}
