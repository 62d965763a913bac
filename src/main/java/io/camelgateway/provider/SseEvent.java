package io.camelgateway.provider;

/** One server-sent event: its event name (null when none was given) and its data lines joined by newlines. */
public record SseEvent(String event, String data) {
}
