package io.camelgateway.guardrail.pii;

import java.util.List;

/**
 * IPv4 addresses (four decimal parts 0-255, no leading zeros) and IPv6 addresses (eight groups of hex, or fewer
 * with one "::", perhaps ending in an IPv4 address). A dotted run with more parts, or one that follows a letter
 * ("v1.2.3.4"), is a version or an identifier, not an address.
 */
final class IpAddresses implements PiiRecognizer {
    private static final int MAX_IPV6 = 45;

    @Override
    public void find(String text, List<PiiFinding> out) {
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            boolean startsToken = i == 0 || !partOfAddress(text.charAt(i - 1));
            if (startsToken && (hex(c) || c == ':')) {
                int end = tokenEnd(text, i);
                if (end - i >= 3 && !Chars.wordAt(text, end) && !(i > 0 && Character.isLetter(text.charAt(i - 1)))
                        && separated(text, i, end)) {
                    String token = text.substring(i, end);
                    if (ipv4(token) || ipv6(token)) {
                        out.add(new PiiFinding(PiiKind.IP_ADDRESS, i, end));
                    } else if (hostAndPort(token)) {
                        out.add(new PiiFinding(PiiKind.IP_ADDRESS, i, i + token.indexOf(':')));
                    }
                }
                i = Math.max(end, i + 1);
            } else {
                i++;
            }
        }
    }

    /** An address has dots or colons: a plain word or number is none, and costs nothing more. */
    private static boolean separated(String text, int start, int end) {
        for (int k = start; k < end; k++) {
            if (text.charAt(k) == '.' || text.charAt(k) == ':') {
                return true;
            }
        }
        return false;
    }

    private static boolean partOfAddress(char c) {
        return hex(c) || c == ':' || c == '.';
    }

    /** The run of hex digits, colons and dots from i, without a sentence's trailing dot or colon. */
    private static int tokenEnd(String text, int i) {
        int end = i;
        while (end < text.length() && end - i <= MAX_IPV6 && partOfAddress(text.charAt(end))) {
            end++;
        }
        while (end > i + 1 && (text.charAt(end - 1) == '.' || (text.charAt(end - 1) == ':'
                && text.charAt(end - 2) != ':'))) {
            end--;
        }
        return end;
    }

    /** "192.0.2.1:8080": an IPv4 address and a port. */
    private static boolean hostAndPort(String token) {
        int colon = token.indexOf(':');
        if (colon < 0 || colon != token.lastIndexOf(':') || colon + 1 == token.length()) {
            return false;
        }
        for (int k = colon + 1; k < token.length(); k++) {
            if (!Chars.digit(token.charAt(k))) {
                return false;
            }
        }
        return ipv4(token.substring(0, colon));
    }

    static boolean ipv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
                return false;
            }
            for (int k = 0; k < part.length(); k++) {
                if (!Chars.digit(part.charAt(k))) {
                    return false;
                }
            }
            if (Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    static boolean ipv6(String s) {
        if (s.indexOf(':') < 0 || s.length() < 3) {
            return false;
        }
        int doubleColon = s.indexOf("::");
        if (doubleColon >= 0 && s.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        int groups = 0;
        String body = s;
        int lastColon = s.lastIndexOf(':');
        String tail = s.substring(lastColon + 1);
        if (tail.indexOf('.') >= 0) {
            if (!ipv4(tail)) {
                return false;
            }
            groups += 2;
            String head = s.substring(0, lastColon + 1);
            body = head.endsWith("::") ? head : head.substring(0, head.length() - 1);
        } else if (s.indexOf('.') >= 0) {
            return false;
        }
        String[] left;
        String[] right;
        int dc = body.indexOf("::");
        if (dc >= 0) {
            left = split(body.substring(0, dc));
            right = split(body.substring(dc + 2));
        } else {
            left = split(body);
            right = new String[0];
        }
        for (String[] side : new String[][] {left, right}) {
            for (String group : side) {
                if (group.isEmpty() || group.length() > 4) {
                    return false;
                }
                for (int k = 0; k < group.length(); k++) {
                    if (!hex(group.charAt(k))) {
                        return false;
                    }
                }
            }
        }
        groups += left.length + right.length;
        if (groups == 0) {
            return false; // "::" alone is every address, no one's
        }
        return doubleColon >= 0 ? groups < 8 : groups == 8;
    }

    private static String[] split(String s) {
        return s.isEmpty() ? new String[0] : s.split(":", -1);
    }

    private static boolean hex(char c) {
        return Chars.digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
