package io.camelgateway;

import io.camelgateway.component.LlmConstants;

/**
 * Names of the exchange properties and headers the gateway's routes and components share. Those the llm: component
 * reads or sets are {@link LlmConstants}' (Camel's catalog lists its headers from there).
 */
public final class GatewayConstants {
    /** Exchange property: the {@link io.camelgateway.security.CallerIdentity} of the authenticated caller. */
    public static final String CALLER = "CamelGatewayCaller";
    /** Exchange property: the {@link io.camelgateway.provider.Target} a request goes to. */
    public static final String TARGET = LlmConstants.TARGET;
    /** Exchange property: the provider name of the target, for toD: llm:${exchangeProperty.CamelGatewayProvider}. */
    public static final String PROVIDER = "CamelGatewayProvider";
    /** Exchange property: the provider {@link io.camelgateway.credentials.Credential}; never a header. */
    public static final String CREDENTIAL = LlmConstants.CREDENTIAL;

    /** Exchange property: the intent the semantic router chose. */
    public static final String INTENT = "CamelGatewayIntent";
    /** Exchange property: the semantic router's whole {@link io.camelgateway.routing.semantic.RoutingDecision}. */
    public static final String ROUTING_DECISION = "CamelGatewayRoutingDecision";
    /** Exchange property: the model a route chose for the request (for example per intent); overrides the body's. */
    public static final String ROUTED_MODEL = "CamelGatewayRoutedModel";

    /** Exchange property: the id of the virtual key an admin API URL names (/admin/v1/keys/{id}). */
    public static final String ADMIN_KEY_ID = "CamelGatewayKeyId";

    /** Exchange property: the request's {@link io.camelgateway.metering.RequestRecord}, for metering and audit. */
    public static final String REQUEST_RECORD = "CamelGatewayRequestRecord";
    /** Exchange property: the {@link io.camelgateway.http.SseEncoder} a streamed answer is written with. */
    public static final String SSE_ENCODER = "CamelGatewaySseEncoder";
    /** Exchange property: the request's id, as the x-request-id header of its answer says. */
    public static final String REQUEST_ID = "CamelGatewayRequestId";
    /** Request and response header: the request's id, the caller's when it sent a sane one, else the gateway's. */
    public static final String HEADER_REQUEST_ID = "x-request-id";
    /** Response header: "estimated" when the answer's usage is the gateway's count, a provider having sent none. */
    public static final String HEADER_USAGE = "x-gateway-usage";

    /** Response header: the intent of a routed request. */
    public static final String HEADER_INTENT = "x-gateway-intent";
    /** Response header: the routing tier that decided: keyword, embedding, classifier or default. */
    public static final String HEADER_TIER = "x-gateway-tier";
    /** Response header: which provider served the request. */
    public static final String HEADER_PROVIDER = LlmConstants.PROVIDER;
    /** Response header: the model name the provider was asked for. */
    public static final String HEADER_MODEL = LlmConstants.MODEL;
    /** Response header: how many provider calls the request took, retries and a pool's tries included. */
    public static final String HEADER_ATTEMPTS = LlmConstants.ATTEMPTS;
    /** Exchange property: the request's try counter, an AtomicInteger: a pool's tries and retries. */
    public static final String ATTEMPTS = "CamelGatewayAttempts";
    /** Exchange property: the name of the pool a request is in; a pool's failover stands in for retries. */
    public static final String POOL = "CamelGatewayPool";
    /** Exchange property: milliseconds a request has waited between retries, against its retry budget. */
    public static final String RETRY_WAITED = "CamelGatewayRetryWaited";
    /**
     * Exchange property: a CompletableFuture that, once complete, cancels the llm: call under way. A fan-out shares
     * one among its members, to stop the others when one answer is enough.
     */
    public static final String CANCEL = LlmConstants.CANCEL;
    /** See {@link LlmConstants#ANSWER_AS_SENT}: set by the chat completions ingress, whose caller speaks OpenAI's format. */
    public static final String ANSWER_AS_SENT = LlmConstants.ANSWER_AS_SENT;
    /** Exchange property: the answers a fan-out collected ({@link io.camelgateway.fanout.FanOut}). */
    public static final String FAN_OUT = "CamelGatewayFanOut";
    /** Exchange property: the fan-out's strategy (first, vote, judge, fuse), as the route gave it. */
    public static final String FAN_OUT_STRATEGY = "CamelGatewayFanOutStrategy";
    /** Exchange property: a fan-out's members as its route lists them, before the policy leaves out any. */
    public static final String FAN_OUT_MEMBERS = "CamelGatewayFanOutMembers";
    /** Response header: each fan-out member and how it fared, e.g. {@code openai/gpt-4o-mini=ok}. */
    public static final String HEADER_MEMBERS = "x-gateway-members";
    /** Response header: how a fan-out's answer was chosen, e.g. {@code vote 2/3}. */
    public static final String HEADER_CONSENSUS = "x-gateway-consensus";
    /** Response header: what the answer cost in USD, at the configured prices, over every provider call it made. */
    public static final String HEADER_COST = "x-gateway-cost-usd";
    /** Response header: what the response cache did, hit, miss, semantic or bypass (docs/cache.md). */
    public static final String HEADER_CACHE = "x-gateway-cache";
    /** Request header: how long, in seconds, the cache may keep this request's answer (capped by cache.maxTtl). */
    public static final String HEADER_CACHE_TTL = "x-gateway-cache-ttl";
    /**
     * Exchange property: true once a step (a cache) has answered the request, so that the chat flow calls no
     * provider for it.
     */
    public static final String ANSWERED = "CamelGatewayAnswered";
    /** Exchange property: the chat request a dry run explains, once the body has become the dry run's answer. */
    public static final String DRY_RUN_REQUEST = "CamelGatewayDryRunRequest";
    /** Response header: the guardrails that flagged the request and let it through, e.g. {@code prompt_injection}. */
    public static final String HEADER_GUARDRAIL = "x-gateway-guardrail";
    /** Exchange property: what each guardrail would do, by name, for the routing dry run's answer. */
    public static final String GUARDRAILS = "CamelGatewayGuardrails";
    /** Exchange property: the {@link io.camelgateway.responses.ResponsesRequest} of a POST /v1/responses. */
    public static final String RESPONSES_REQUEST = "CamelGatewayResponsesRequest";
    /** Exchange property: the previous_response_id a POST /v1/responses continues, when it names one. */
    public static final String PREVIOUS_RESPONSE_ID = "CamelGatewayPreviousResponseId";
    /** Exchange property: the stored conversation a POST /v1/responses continues ({@code responses.Conversation}). */
    public static final String RESPONSES_CONVERSATION = "CamelGatewayResponsesConversation";
    /** Exchange property: a plain Response to write to the store before it is answered. */
    public static final String RESPONSE_TO_KEEP = "CamelGatewayResponseToKeep";
    /** Exchange property: the stored response id the URL under /v1/responses names, or none for the collection. */
    public static final String RESPONSE_ID = "CamelGatewayResponseId";
    /** Prefix of every response header the gateway sets itself. */
    public static final String HEADER_PREFIX = "x-gateway-";

    private GatewayConstants() {
    }
}
