package io.camelgateway.guardrail.pii;

/**
 * Finds PII in an answer that was not the caller's own (a value the caller sent comes back as it should) and,
 * when redacting, replaces it with its kind: {@code [EMAIL]}. As a {@link StreamTextFilter} it holds back the
 * last {@value #WINDOW} chars of a streamed text, and any value that may still be growing, so that a value split
 * over chunks is seen whole; never more than {@value #MAX_HELD} chars.
 */
final class AnswerScan implements StreamTextFilter {
    static final int WINDOW = 64;
    static final int MAX_HELD = 4096;

    private final PiiScanner scanner;
    private final Placeholders callersOwn;
    private final boolean redact;
    private final PiiReport report;
    private final StringBuilder held = new StringBuilder();

    AnswerScan(PiiScanner scanner, Placeholders callersOwn, boolean redact, PiiReport report) {
        this.scanner = scanner;
        this.callersOwn = callersOwn;
        this.redact = redact;
        this.report = report;
    }

    /** A whole text, scanned at once. */
    String whole(String text) {
        return text == null ? null : pass(text, text.length());
    }

    @Override
    public String next(String piece) {
        held.append(piece);
        String text = held.toString();
        int cut = text.length() - WINDOW;
        if (cut <= 0) {
            return "";
        }
        for (PiiFinding f : scanner.scan(text)) {
            if (f.start() < cut && f.end() >= cut) {
                cut = f.start(); // it may go on in the next piece: keep all of it
                break;
            }
        }
        if (text.length() - cut > MAX_HELD) {
            cut = text.length() - MAX_HELD;
        }
        String ready = pass(text, cut);
        held.delete(0, cut);
        return ready;
    }

    @Override
    public String rest() {
        String rest = pass(held.toString(), held.length());
        held.setLength(0);
        return rest;
    }

    @Override
    public boolean holding() {
        return held.length() > 0;
    }

    /** text[0, cut) with what it holds counted and, when redacting, replaced. */
    private String pass(String text, int cut) {
        String part = text.substring(0, cut);
        StringBuilder out = null;
        int copied = 0;
        for (PiiFinding f : scanner.scan(part)) {
            String value = part.substring(f.start(), f.end());
            if (callersOwn != null && callersOwn.isCallersOwn(f.kind(), value)) {
                continue;
            }
            synchronized (report) {
                report.add(f.kind());
            }
            if (redact) {
                if (out == null) {
                    out = new StringBuilder(part.length());
                }
                out.append(part, copied, f.start()).append('[').append(f.kind().label()).append(']');
                copied = f.end();
            }
        }
        return out == null ? part : out.append(part, copied, part.length()).toString();
    }
}
