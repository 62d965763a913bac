package io.camelgateway.guardrail.pii;

/**
 * Puts the values back into one streamed text (a choice's content, a tool call's arguments) piece by piece. A
 * placeholder may arrive split over two or more chunks, so the end of each piece that could start one is held
 * back until the next piece shows what it is: at most {@value Placeholders#MAX_LENGTH} chars.
 */
final class PlaceholderRestorer implements StreamTextFilter {
    private final Placeholders placeholders;
    private final StringBuilder held = new StringBuilder();

    PlaceholderRestorer(Placeholders placeholders) {
        this.placeholders = placeholders;
    }

    @Override
    public String next(String piece) {
        held.append(piece);
        int cut = Placeholders.heldBackFrom(held);
        String ready = held.substring(0, cut);
        held.delete(0, cut);
        return placeholders.restore(ready);
    }

    @Override
    public String rest() {
        String rest = placeholders.restore(held.toString());
        held.setLength(0);
        return rest;
    }

    @Override
    public boolean holding() {
        return held.length() > 0;
    }
}
