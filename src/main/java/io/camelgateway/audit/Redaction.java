package io.camelgateway.audit;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks what looks like a secret or a person's address in text the audit log keeps: e-mail addresses, API keys by
 * their known shapes, JWTs, bearer tokens, "password=...", "api_key: ..." and the like, and any unbroken run of 32 or
 * more letters, digits, '_' or '-' (an opaque token). What it cannot recognise it leaves: keep
 * gateway.audit.include-text off where prompts hold secrets of other shapes.
 */
public final class Redaction {
    public static final String SECRET = "[secret]";
    public static final String EMAIL = "[email]";

    private static final Pattern EMAILS = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");
    private static final Pattern NAMED = Pattern.compile(
            "(?i)\\b(api[_-]?key|secret|password|passwd|token|access[_-]?key)(\\s*[:=]\\s*)\\S+");
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]{8,}");
    private static final List<Pattern> SECRETS = List.of(
            Pattern.compile("\\beyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*"), // a JWT
            Pattern.compile("\\b(sk|pk|rk)-[A-Za-z0-9_-]{16,}"),                        // OpenAI, Anthropic, Stripe
            Pattern.compile("\\bAIza[0-9A-Za-z_-]{30,}"),                                // Google
            Pattern.compile("\\b(AKIA|ASIA)[0-9A-Z]{16}\\b"),                             // AWS access key id
            Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{30,}"),                            // GitHub
            Pattern.compile("\\bxox[abprs]-[A-Za-z0-9-]{10,}"),                          // Slack
            Pattern.compile("[A-Za-z0-9_-]{32,}"));                                      // any long opaque token

    private Redaction() {
    }

    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = EMAILS.matcher(text).replaceAll(EMAIL);
        masked = NAMED.matcher(masked).replaceAll("$1$2" + Matcher.quoteReplacement(SECRET));
        masked = BEARER.matcher(masked).replaceAll("$1 " + Matcher.quoteReplacement(SECRET));
        for (Pattern secret : SECRETS) {
            masked = secret.matcher(masked).replaceAll(Matcher.quoteReplacement(SECRET));
        }
        return masked;
    }
}
