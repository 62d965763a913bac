package io.camelgateway.http;

/**
 * Text a client sent (a path, a decoder's complaint about its request), made safe to put in a log line or an error
 * message: every character outside printable ASCII becomes '?', so a client cannot forge log lines or headers, and
 * it is cut to a length.
 */
public final class ClientText {
    private ClientText() {
    }

    /** @return the text, at most {@code max} characters of it, printable; "?" for null */
    public static String printable(String text, int max) {
        if (text == null) {
            return "?";
        }
        StringBuilder sb = new StringBuilder(Math.min(text.length(), max));
        for (int i = 0; i < text.length() && sb.length() < max; i++) {
            char c = text.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return sb.toString();
    }
}
