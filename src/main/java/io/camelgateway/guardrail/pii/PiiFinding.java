package io.camelgateway.guardrail.pii;

/** A value of one kind found in a text, from start (inclusive) to end (exclusive). */
public record PiiFinding(PiiKind kind, int start, int end) {
    public boolean overlaps(PiiFinding other) {
        return start < other.end && other.start < end;
    }
}
