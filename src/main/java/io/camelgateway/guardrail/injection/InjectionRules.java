package io.camelgateway.guardrail.injection;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The known shapes of a prompt injection, as regular expressions over {@link InjectionText}'s folded text, each with
 * a weight: how sure a match alone makes us. A match inside a request that talks about injections (how to prevent
 * them, translate this quote, is this an attack) weighs less, since quoting an attack is not making one.
 */
public final class InjectionRules {
    /** One rule that matched, and the weight it counts for in this text. */
    public record Match(String rule, double weight) {
    }

    /** A rule's regex runs only on a text that contains one of its needs: most texts contain none. */
    private record Rule(String name, double weight, List<String> needs, Pattern pattern) {
        boolean mayMatch(String text) {
            for (String need : needs) {
                if (text.contains(need)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Quoting or discussing an attack: the match counts for this share of its weight. */
    static final double DISCUSSED = 0.55;

    private static final String W = "[^.!?\\n]{0,40}?"; // a few words, within one sentence
    private static final String IGNORE = "\\b(ignore|ignoring|disregard|forget|neglect|abandon|discard|cancel"
            + "|stop following|do not follow|don'?t follow|no longer follow|do not obey|don'?t obey)\\b";
    private static final String INSTRUCTIONS = "\\b(instructions?|prompts?|rules|directives?|guidelines|guardrails"
            + "|commands?|constraints|restrictions|programming|polic(y|ies)|guidance|orders|task|system message)\\b";
    private static final List<Rule> RULES = List.of(
            rule("ignore_instructions", 0.9, any("ignor", "disregard", "forget", "neglect", "abandon", "discard", "cancel", "follow", "obey"), IGNORE + W + "\\b(previous|prior|above|earlier|preceding|initial"
                    + "|original|all|your|system|developer|operator|safety|content)\\b" + W + INSTRUCTIONS),
            rule("ignore_instructions", 0.5, any("ignor", "disregard", "forget", "neglect", "abandon", "discard", "cancel", "follow", "obey"), IGNORE + W + "\\b(the|any|these|those|every|my)\\b" + W
                    + INSTRUCTIONS),
            rule("ignore_instructions", 0.8, any("override", "bypass", "disable", "turn off", "lift", "remove"), "\\b(override|bypass|disable|turn off|lift|remove)\\b\\s+(your|all|the"
                    + " system'?s?|any|previous|prior)\\s+(safety |content |ethical )?(polic(y|ies)|rules|instructions"
                    + "|guidelines|restrictions|filters|guardrails|safeguards)"),
            rule("ignore_instructions", 0.75, any("void", "cancel", "revoked", "irrelevant", "outdated", "obsolete", "no longer valid", "overridden"), "\\b(previous|prior|earlier|above|original|system)\\s+(instructions|"
                    + "prompt|rules|directives|context|commands)\\s+(are|is)\\s+(void|cancell?ed|revoked|irrelevant"
                    + "|outdated|obsolete|no longer valid|overridden)"),
            rule("ignore_instructions", 0.9, any("ignore", "oublie"), "(ignore[zr]?|oublie[zr]?)" + W + "(instructions?|consignes|"
                    + "r[eè]gles)" + W + "(pr[eé]c[eé]dentes|ci-dessus|ant[eé]rieures)"),
            rule("ignore_instructions", 0.9, any("ignora", "olvida", "ignore", "esque"), "(ignora|olvida|ignore|esque[cç]a)" + W
                    + "(instrucciones|instru[cç][oõ]es|istruzioni|reglas|regras)" + W
                    + "(anteriores|previas|precedenti|pr[eé]vias)"),
            rule("ignore_instructions", 0.9, any("ignorier", "vergiss"), "(ignorier|vergiss)" + W + "(vorherigen|bisherigen|obigen|alle)" + W
                    + "(anweisungen|instruktionen|regeln)"),
            rule("ignore_instructions", 0.9, any("negeer", "vergeet"), "(negeer|vergeet)" + W + "(instructies|regels)"),
            rule("ignore_instructions", 0.9, any("игнор", "забудь", "проигнор"), "(игнорируй|забудь|проигнорируй)[а-я]*" + W
                    + "(инструкци|указани|правил)"),
            rule("ignore_instructions", 0.9, any("忽略", "无视", "忘记", "忘掉"), "(忽略|无视|忘记|忘掉).{0,8}(指令|指示|说明|规则|提示)"),
            rule("ignore_instructions", 0.9, any("無視", "忘れ"), "(指示|命令|ルール).{0,6}(無視|忘れ)"),
            rule("new_instructions", 0.6, any("instruction", "directive", "orders", "system prompt"), "\\b(new|updated|real|actual|true|revised|secret|hidden)\\s+"
                    + "(instructions?|directives?|orders|system prompt)\\s*[:\\-]"),
            rule("new_instructions", 0.35, any("task", "goal", "objective"), "\\b(new|real|actual|true|only) (task|goal|objective)\\b"),
            rule("new_instructions", 0.6, any("instructions"), "\\b(your )?instructions (have been|were|are) (updated|changed|replaced)"),
            rule("new_instructions", 0.55, any("from now on"), "\\bfrom now on,?\\s+(you|your|respond|answer|act|reply|only)"),
            rule("persona_jailbreak", 0.9, any("do anything now", "dan", "stan", "dude", "aim", "mongo tom", "jailbroken"), "\\b(you (are|will|can)|pretend|act as|stands for|called)\\b"
                    + "[^.!?\\n]{0,60}do anything now\\b|\\b(you are|you're|act as|pretend to be"
                    + "|roleplay as|role-play as|become|you will be)\\s+(now\\s+)?(dan|stan|dude|aim|mongo tom"
                    + "|jailbroken|an? jailbroken)\\b"),
            rule("persona_jailbreak", 0.85, any(" mode"), "\\b(god|jailbreak|unrestricted|dan|sudo|evil|uncensored)"
                    + "\\s+mode\\b" + W + "\\b(enabled|activated|on|engaged|unlocked)\\b"),
            rule("persona_jailbreak", 0.45, any("developer mode"), "\\bdeveloper mode\\b" + W + "\\b(enabled|activated|engaged|output"
                    + "|response)\\b"),
            rule("persona_jailbreak", 0.8, any("act as", "pretend", "you are now", "roleplay", "role-play", "imagine you", "behave like", "simulate"), "\\b(act as|pretend (to be|you are)|you are now|roleplay as|imagine you"
                    + " are|behave like|simulate)\\b" + W + "\\b(no|without|zero|free of|free from|not bound by"
                    + "|unbound by|ignores?)\\b" + W + "\\b(restrictions|filters?|limits|limitations|rules"
                    + "|guidelines|ethics|morals|censorship|policies|safety)\\b"),
            rule("persona_jailbreak", 0.6, any("bound by", "restricted by", "limited by", "constrained by"), "\\b(no longer|not|never) (bound|restricted|limited|constrained) by\\b"
                    + W + "\\b(rules|guidelines|policies|restrictions|openai|anthropic|your (creators|developers))"),
            rule("persona_jailbreak", 0.5, any("jailbr", "uncensored", "unfiltered"), "\\b(jailbreak|jailbroken|uncensored|unfiltered)\\b"),
            rule("prompt_exfiltration", 0.85, any("above", "before this", "preceding", "prior to", "you were given", "verbatim", "from the"), "\\b(repeat|print|output|reveal|show|display|write out|dump|leak"
                    + "|spell out|recite|copy|paste|return|echo|tell me)\\b" + W + "\\b(text|words|everything"
                    + "|instructions|prompt|message|content|lines?)\\b\\s+(above|before this|preceding|prior to"
                    + "|you were given|verbatim|from the (start|beginning|top))"),
            rule("prompt_exfiltration", 0.85, any("prompt", "instruction", "message", "directive", "configuration"), "\\b(what|reveal|show|print|output|repeat|display|tell me|give me"
                    + "|leak|share)\\b" + W + "\\b(your|the)\\s+(system|initial|original|hidden|secret|internal"
                    + "|developer|pre-?)\\s*(prompt|instructions|message|directives|configuration)"),
            rule("prompt_exfiltration", 0.6, any("begin", "start"), "\\b(begin|start) (your )?(answer|reply|response) with\\b" + W
                    + "\\b(you are|instructions|system)"),
            rule("fake_delimiter", 0.95, any("<|", "[inst", "[/inst", "<<sys", "<</sys", "system>", "sys>"), "<\\|\\s*(im_start|im_end|system|endoftext|start_header_id|eot_id"
                    + "|begin_of_text)\\s*\\|>|\\[/?inst\\]|<</?sys>>|<\\s*/?\\s*(system|sys)\\s*>"),
            rule("fake_delimiter", 0.8, any("##", "[system", "[admin", "[developer"), "(^|\\n)\\s*#{2,}\\s*(system|instruction|instructions|new instructions"
                    + "|admin|developer)\\s*:?\\s*(\\n|$)|(^|\\n)\\s*\\[(system|admin|developer)( message)?\\]"),
            rule("fake_delimiter", 0.55, any("system", "assistant"), "(^|\\n)\\s*(system|assistant)\\s*:\\s*\\S"),
            rule("fake_delimiter", 0.6, any("end of", "begin"), "\\b(end of (user|system) (input|prompt|message)|begin (system|admin)"
                    + " (message|override|instructions))\\b"),
            rule("authority_claim", 0.5, any("i am", "i'm", "this is", "override"), "\\b(i am|i'm|this is)\\s+(your|the|an?)\\s+(developer|admin"
                    + "|administrator|creator|owner|system|openai|anthropic)\\b|\\b(admin|system|security)"
                    + " override\\b"),
            rule("indirect_directive", 0.65, any("note", "message", "instruction", "if you are", "reading this", "processing this", "summarizing this", "summarising this"), "\\b(note|message|instructions?) (to|for) (the )?(ai|assistant|llm"
                    + "|language model|chatbot|agent|model)\\b|\\bif you are an? (ai|llm|assistant|language model"
                    + "|chatbot|agent)\\b|\\b(ai|assistant|llm|agent|chatbot)s? (reading|processing|summari[sz]ing)"
                    + " this\\b"),
            rule("indirect_directive", 0.6, any("ai", "assistant", "llm", "bot", "agent", "model"), "\\b@?(ai|assistant"
                    + "|llm|support bot|bot|agent|language model|chatbot|notetaker|model)s?\\s*[,:]\\s*(please )?(ignore"
                    + "|disregard|reveal|forward|send|delete|append|recommend|say|tell|stop|grant|approve|issue|rank"
                    + "|output|include|email|post|the user)"),
            rule("indirect_directive", 0.5, any("must", "shall"), "\\b(ai|assistant|llm|agent|chatbot|bot|model)s?\\b[^.!?\\n]{0,30}"
                    + "\\b(must|shall) (now |always |also )?(answer|reply|respond|say|state|approve|grant|ignore"
                    + "|reveal|send|forward|include|append|recommend|rank|run|call|delete|navigate|ask)"),
            rule("goal_hijack", 0.5, any("instead of", "rather than", "don't", "do not", "dont"), "\\b(instead of|rather than) (answering|translating|summari[sz]ing|doing"
                    + "|responding|replying|following)|\\b(don'?t|do not) (do|answer|translate|summari[sz]e|follow)"
                    + " (the|this|your) (task|question|text|request)"),
            rule("persona_jailbreak", 0.65, any("restriction", "rules", "filter", "limits", "guideline", "content polic", "ethics", "moral", "censorship"), "\\b(ai|model|assistant|chatbot|intelligence|bot)\\b[^.!?\\n]{0,20}"
                    + "\\b(with|without|that has|who has|having) (no|zero|any) (restrictions|rules|filters|limits"
                    + "|guidelines|content polic(y|ies)|ethics|morals|moral guidelines|censorship)"),
            rule("persona_jailbreak", 0.6, any("no longer", "not an", "not a", "never refus", "never say"), "\\b(you are|you're) (now )?(no longer|not) (an? )?(assistant|ai"
                    + "|chatbot|language model)|\\bnever (refuses?|says? no)\\b"),
            rule("prompt_exfiltration", 0.7, any("instructions"), "\\b(what|which) (were|are) (the|your) (exact |original |initial "
                    + "|full )?instructions\\b" + W + "\\b(given|received|told)"),
            rule("data_exfiltration", 0.6, any("send", "forward", "email", "post", "upload", "exfiltrate", "transmit", "append"), "\\b(send|forward|email|post|upload|exfiltrate|transmit|append)\\b"
                    + W + "\\b(conversation|chat history|api keys?|passwords?|credentials|secrets|tokens|user'?s"
                    + " (data|emails|messages|files))\\b" + W + "\\b(to|at)\\b"),
            rule("data_exfiltration", 0.6, any("]("), "!\\[[^\\]]{0,40}\\]\\(https?://[^)\\s]{1,200}[?&][^)\\s]{0,80}="
                    + "[^)\\s]{0,40}\\)"));

    /** Phrases that only appear, glued like this, when the letters were spread out to dodge the rules. */
    private static final List<String> SPREAD_OUT = List.of("ignoreallpreviousinstructions",
            "ignorepreviousinstructions", "ignoreallpriorinstructions", "ignoreyourinstructions",
            "disregardpreviousinstructions", "disregardallpreviousinstructions", "ignoretheaboveinstructions",
            "forgetallpreviousinstructions", "revealyoursystemprompt", "printyoursystemprompt", "youarenowdan",
            "doanythingnow", "developermodeenabled");

    private static final Pattern DISCUSSION = Pattern.compile("\\b(prevent(ing|ion)?|defend(ing)?|defen[cs]e"
            + "|detect(ing|ion|or|s)?|protect(ing|ion)?|mitigat\\w*|sanitiz\\w*|filter(ing)?|block(ing)?|guard\\w*"
            + "|explain|example of|examples of|translate|translation|traduire|traduce|übersetze"
            + "|classify|label|is (this|it) (an?|safe|malicious)|why do(es)?|how do(es)? (attackers|people|hackers)"
            + "|research|paper|essay|article|course|lecture|quiz|owasp|regex|unit test|test case|dataset|red team"
            + "|security|penetration|pentest|the (phrase|sentence|string|text)|meaning of|summar\\w+|proofread"
            + "|grammar|spell-?check)\\b");

    private static Rule rule(String name, double weight, List<String> needs, String regex) {
        return new Rule(name, weight, needs, Pattern.compile(regex, Pattern.UNICODE_CASE));
    }

    private static List<String> any(String... needs) {
        return List.of(needs);
    }

    private InjectionRules() {
    }

    /** The rules that match the folded text, each once at its highest weight. */
    public static List<Match> matches(String folded) {
        List<Match> found = new ArrayList<>();
        Boolean discussed = null;
        for (Rule rule : RULES) {
            if (!rule.mayMatch(folded)) {
                continue;
            }
            Matcher m = rule.pattern().matcher(folded);
            if (m.find()) {
                if (discussed == null) {
                    discussed = DISCUSSION.matcher(folded).find();
                }
                double weight = quotedOrDiscussed(folded, m.start(), discussed) ? rule.weight() * DISCUSSED
                        : rule.weight();
                add(found, new Match(rule.name(), weight));
            }
        }
        if (found.isEmpty()) { // spelled out plainly, the rules above have it; glued only once spread out
            String letters = InjectionText.compact(folded);
            for (String phrase : SPREAD_OUT) {
                if (letters.contains(phrase)) {
                    boolean talkedAbout = DISCUSSION.matcher(folded).find();
                    add(found, new Match("spread_out_letters", talkedAbout ? 0.9 * DISCUSSED : 0.9));
                    break;
                }
            }
        }
        return found;
    }

    /** The weights of several matches together: each one that matched makes an injection more likely. */
    public static double score(List<Match> matches) {
        double none = 1;
        for (Match m : matches) {
            none *= 1 - m.weight();
        }
        return 1 - none;
    }

    /**
     * A match in quotes (the object of the caller's request: translate this, what does this mean), or in a sentence
     * or a text whose request is to discuss: "how do I prevent ignore-previous-instructions attacks".
     */
    private static boolean quotedOrDiscussed(String text, int at, boolean discussed) {
        int quotes = 0;
        for (int i = Math.max(0, at - 400); i < at; i++) {
            if (isQuote(text, i)) {
                quotes++;
            }
        }
        if (quotes % 2 == 1) {
            return true;
        }
        if (!discussed) {
            return false;
        }
        int sentenceEnd = at;
        while (sentenceEnd < text.length() && ".?!\n".indexOf(text.charAt(sentenceEnd)) < 0) {
            sentenceEnd++;
        }
        int sentenceStart = at;
        while (sentenceStart > 0 && ".?!\n".indexOf(text.charAt(sentenceStart - 1)) < 0) {
            sentenceStart--;
        }
        return DISCUSSION.matcher(text.substring(sentenceStart, sentenceEnd)).find();
    }

    /** A quotation mark, or a single quote that is not an apostrophe inside a word (don't). */
    private static boolean isQuote(String text, int i) {
        char c = text.charAt(i);
        if (c == '"' || c == '“' || c == '”' || c == '«' || c == '»' || c == '`' || c == '„') {
            return true;
        }
        if (c != '\'' && c != '‘' && c != '’') {
            return false;
        }
        boolean letterBefore = i > 0 && Character.isLetter(text.charAt(i - 1));
        boolean letterAfter = i + 1 < text.length() && Character.isLetter(text.charAt(i + 1));
        return !(letterBefore && letterAfter);
    }

    private static void add(List<Match> found, Match match) {
        for (int i = 0; i < found.size(); i++) {
            if (found.get(i).rule().equals(match.rule())) {
                if (found.get(i).weight() < match.weight()) {
                    found.set(i, match);
                }
                return;
            }
        }
        found.add(match);
    }
}
