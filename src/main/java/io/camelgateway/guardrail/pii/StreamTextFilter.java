package io.camelgateway.guardrail.pii;

/**
 * Changes one streamed text (a choice's content, a tool call's arguments) piece by piece, holding back a bounded
 * tail when what comes next decides what that tail becomes.
 */
interface StreamTextFilter {
    /** What can go to the caller now; may be empty. */
    String next(String piece);

    /** Whatever is still held, at the text's end. */
    String rest();

    /** True while some text is held back. */
    boolean holding();

    /** This filter, then the other on what this one lets through. */
    default StreamTextFilter then(StreamTextFilter other) {
        StreamTextFilter first = this;
        return new StreamTextFilter() {
            @Override
            public String next(String piece) {
                return other.next(first.next(piece));
            }

            @Override
            public String rest() {
                return other.next(first.rest()) + other.rest();
            }

            @Override
            public boolean holding() {
                return first.holding() || other.holding();
            }
        };
    }
}
