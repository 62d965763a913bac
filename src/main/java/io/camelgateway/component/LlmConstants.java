package io.camelgateway.component;

import org.apache.camel.component.netty.NettyConstants;
import org.apache.camel.spi.Metadata;

/** The message headers and exchange properties the llm: producer reads and sets. */
public final class LlmConstants {
    @Metadata(label = "producer", javaType = "String",
              description = "Set on the answer: the provider that served the request.")
    public static final String PROVIDER = "x-gateway-provider";
    @Metadata(label = "producer", javaType = "String",
              description = "Set on the answer: the model name the provider was asked for.")
    public static final String MODEL = "x-gateway-model";
    @Metadata(label = "producer", javaType = "Integer",
              description = "Set on the answer: how many provider calls the request took, retries and a pool's "
                      + "tries included.")
    public static final String ATTEMPTS = "x-gateway-attempts";
    @Metadata(label = "producer", javaType = "io.netty.channel.ChannelHandlerContext",
              description = "Read: the Netty connection the request came in on (camel-netty-http sets it); the "
                      + "provider call then runs on that connection's event loop.")
    public static final String CALLER_CHANNEL = NettyConstants.NETTY_CHANNEL_HANDLER_CONTEXT;

    /**
     * Exchange property, read: the {@link io.camelgateway.provider.Target} (provider and upstream model) a request
     * goes to. Without it, and without the endpoint's model option, the body's model is the upstream model.
     */
    public static final String TARGET = "CamelGatewayTarget";
    /**
     * Exchange property, read: the provider {@link io.camelgateway.credentials.Credential}, never a header. Used
     * only when it is this endpoint's provider's; otherwise the component's credential store supplies it.
     */
    public static final String CREDENTIAL = "CamelGatewayCredential";
    /**
     * Exchange property, read: an AtomicLong that each call adds its nanoseconds to (up to the answer, or a stream's
     * first chunk), so that the time a request spent outside its providers can be told apart.
     */
    public static final String PROVIDER_NANOS = "CamelGatewayProviderNanos";
    /** Exchange property, read: a CompletableFuture that, once complete, cancels the call under way. */
    public static final String CANCEL = "CamelGatewayCancel";
    /**
     * Exchange property, read: false to fail at once with {@code provider_busy} instead of waiting in the
     * provider's queue when the gateway's own limits for it are reached (a pool, which then tries another member).
     */
    public static final String WAIT_FOR_SLOT = "CamelGatewayWaitForSlot";
    /**
     * Exchange property, read: true when the caller speaks OpenAI's chat format, so that an OpenAI-format
     * provider's plain answer is set as it was sent ({@link io.camelgateway.api.ChatCompletionAsSent}) rather than
     * read into a ChatCompletion and written again.
     */
    public static final String ANSWER_AS_SENT = "CamelGatewayAnswerAsSent";

    private LlmConstants() {
    }
}
