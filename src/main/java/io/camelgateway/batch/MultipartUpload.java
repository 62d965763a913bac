package io.camelgateway.batch;

import java.io.IOException;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import org.apache.camel.Exchange;

import io.camelgateway.api.GatewayException;

/**
 * The form of POST /v1/files (multipart/form-data: a purpose field and a file part), read with Netty's own
 * decoder, in memory: the ingress has already bounded the body.
 *
 * @param content the file's bytes, at most the limit it was read with
 */
record MultipartUpload(String purpose, String filename, byte[] content) {

    /** @param maxFileBytes the largest file taken; a larger one is a 413 */
    static MultipartUpload read(Exchange exchange, long maxFileBytes) {
        String contentType = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
            throw GatewayException.invalidRequest(null, "Upload a file as multipart/form-data, with the fields "
                    + "'purpose' and 'file'.");
        }
        byte[] body = exchange.getMessage().getBody(byte[].class);
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/v1/files",
                Unpooled.wrappedBuffer(body == null ? new byte[0] : body));
        request.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        HttpPostRequestDecoder decoder;
        try {
            decoder = new HttpPostRequestDecoder(new DefaultHttpDataFactory(false), request);
        } catch (HttpPostRequestDecoder.ErrorDataDecoderException e) {
            throw GatewayException.invalidRequest(null, "The multipart/form-data body could not be read.");
        }
        try {
            String purpose = null;
            FileUpload file = null;
            for (InterfaceHttpData part : decoder.getBodyHttpDatas()) {
                if (part instanceof FileUpload upload && "file".equals(part.getName())) {
                    file = upload;
                } else if (part instanceof Attribute field && "purpose".equals(part.getName())) {
                    purpose = field.getValue();
                }
            }
            if (purpose == null) {
                throw GatewayException.invalidRequest("purpose", "Missing required parameter: 'purpose'.");
            }
            if (file == null) {
                throw GatewayException.invalidRequest("file", "Missing required parameter: 'file'.");
            }
            if (file.length() > maxFileBytes) {
                throw new GatewayException(413, "invalid_request_error", "file_too_large", "file",
                        "The file is " + file.length() + " bytes; the gateway takes batch files of at most "
                                + maxFileBytes + " bytes.", null, null);
            }
            return new MultipartUpload(purpose, file.getFilename(), file.get());
        } catch (HttpPostRequestDecoder.ErrorDataDecoderException | IOException e) {
            throw GatewayException.invalidRequest(null, "The multipart/form-data body could not be read.");
        } finally {
            decoder.destroy();
            request.release();
        }
    }
}
