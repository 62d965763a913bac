package io.camelgateway.batch;

/**
 * One request of a batch's input file.
 *
 * @param body the request's JSON body, as the caller wrote it
 */
public record InputLine(int lineNo, String customId, String url, String body) {
}
