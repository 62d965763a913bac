package io.camelgateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelgateway.admin.AdminKeys;
import io.camelgateway.admin.AdminOnly;
import io.camelgateway.admin.AdminUsage;
import io.camelgateway.batch.BatchForwarder;
import io.camelgateway.batch.BatchRunner;
import io.camelgateway.batch.BatchSetup;
import io.camelgateway.cache.CacheSetup;
import io.camelgateway.cache.ExactCacheLookup;
import io.camelgateway.component.LlmCall;
import io.camelgateway.component.LlmComponent;
import io.camelgateway.config.ContextLifecycle;
import io.camelgateway.config.GatewayConfig;
import io.camelgateway.config.GatewayConfigLoader;
import io.camelgateway.config.ProviderLimits;
import io.camelgateway.credentials.CredentialEnricher;
import io.camelgateway.credentials.CredentialSetup;
import io.camelgateway.credentials.CredentialStore;
import io.camelgateway.credentials.VaultSettings;
import io.camelgateway.embedding.LocalEmbeddings;
import io.camelgateway.embedding.SentenceEmbedder;
import io.camelgateway.fanout.Consensus;
import io.camelgateway.fanout.FanOutCollector;
import io.camelgateway.guardrail.injection.AttackExamplesSource;
import io.camelgateway.guardrail.injection.InjectionDetector;
import io.camelgateway.guardrail.injection.InjectionMode;
import io.camelgateway.guardrail.injection.PromptInjectionGuard;
import io.camelgateway.guardrail.injection.PromptInjectionSettings;
import io.camelgateway.guardrail.pii.PiiGuard;
import io.camelgateway.guardrail.pii.PiiSettings;
import io.camelgateway.guardrail.pii.PrivateModels;
import io.camelgateway.http.AnthropicErrorResponder;
import io.camelgateway.http.ChatRequestReader;
import io.camelgateway.http.EmbeddingRequestReader;
import io.camelgateway.http.GatewayHeaderFilterStrategy;
import io.camelgateway.http.GatewayHttpBinding;
import io.camelgateway.http.GatewayHttpComponent;
import io.camelgateway.http.IngressGate;
import io.camelgateway.http.IngressGuard;
import io.camelgateway.http.IngressLimits;
import io.camelgateway.http.ModelsEndpoint;
import io.camelgateway.http.OpenAiErrorResponder;
import io.camelgateway.http.ReadinessReport;
import io.camelgateway.http.RequestSequencer;
import io.camelgateway.http.ResponseWriter;
import io.camelgateway.http.UnknownUrl;
import io.camelgateway.limits.Admission;
import io.camelgateway.limits.AllowanceReport;
import io.camelgateway.limits.BudgetAlerts;
import io.camelgateway.limits.BudgetLedger;
import io.camelgateway.limits.InProcessLimits;
import io.camelgateway.limits.LimitStore;
import io.camelgateway.limits.RedisLimits;
import io.camelgateway.limits.SpendWriter;
import io.camelgateway.messages.MessagesRequestReader;
import io.camelgateway.messages.MessagesResponseWriter;
import io.camelgateway.messages.TokenCounter;
import io.camelgateway.metering.CallUsage;
import io.camelgateway.metering.RequestEndListener;
import io.camelgateway.metering.UsageRecorder;
import io.camelgateway.metrics.GatewayMetrics;
import io.camelgateway.metrics.MeteringSetup;
import io.camelgateway.metrics.RequestMetering;
import io.camelgateway.policy.ModelAccess;
import io.camelgateway.policy.Policy;
import io.camelgateway.policy.PolicyAdmin;
import io.camelgateway.policy.PolicyCheck;
import io.camelgateway.policy.PolicySource;
import io.camelgateway.provider.ProviderClient;
import io.camelgateway.provider.UpstreamSettings;
import io.camelgateway.reload.ReplaceableDirectComponent;
import io.camelgateway.reload.RouteFileStatus;
import io.camelgateway.reload.RouteInflight;
import io.camelgateway.resilience.FailureToCaller;
import io.camelgateway.resilience.FailuresToCaller;
import io.camelgateway.resilience.PoolDirectory;
import io.camelgateway.resilience.ProviderBreakers;
import io.camelgateway.resilience.ProviderQueues;
import io.camelgateway.resilience.RetryPolicy;
import io.camelgateway.responses.ResponseRepository;
import io.camelgateway.responses.ResponseStore;
import io.camelgateway.responses.ResponsesAnswer;
import io.camelgateway.responses.ResponsesRequestReader;
import io.camelgateway.responses.StoredResponses;
import io.camelgateway.routing.DryRunAnswer;
import io.camelgateway.routing.ModelCatalog;
import io.camelgateway.routing.ModelResolver;
import io.camelgateway.routing.RoutePredicates;
import io.camelgateway.routing.RouteSteps;
import io.camelgateway.routing.semantic.IntentRouting;
import io.camelgateway.routing.semantic.IntentRoutingStep;
import io.camelgateway.routing.semantic.SemanticRoutingSetup;
import io.camelgateway.security.AuthSetup;
import io.camelgateway.security.CallerAuthenticator;
import io.camelgateway.security.CallerIdentity;
import io.camelgateway.security.StaticKeys;
import io.camelgateway.security.VirtualKeys;
import io.camelgateway.store.Database;
import io.camelgateway.store.SpendRepository;
import io.camelgateway.store.StoreSettings;
import io.camelgateway.store.UsageRepository;
import io.camelgateway.store.VirtualKeyRepository;
import io.camelgateway.tracing.OtlpTracing;

import static io.camelgateway.config.ContextProperties.millis;
import static io.camelgateway.config.ContextProperties.number;

/**
 * Binds the beans and the llm: component that the routes in routes/ call, from gateway.yaml, after adding the
 * defaults of the gateway.* properties ({@link GatewayDefaults}). camel-main runs it at start-up; an existing
 * Camel application can call {@link #configure} on its own context the same way (docs/embedding.md).
 */
public class GatewayConfiguration implements CamelConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayConfiguration.class);
    /** The registry name of the {@link RouteFileStatus} that route reloading fills and /health/ready reports. */
    public static final String ROUTE_FILE_STATUS = "routeFileStatus";

    private final UnaryOperator<String> environment;

    public GatewayConfiguration() {
        this(GatewayConfigLoader.environment());
    }

    public GatewayConfiguration(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    @Override
    public void configure(CamelContext context) {
        GatewayDefaults.addTo(context);
        GatewayConfig config;
        try {
            config = new GatewayConfigLoader(environment).load();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the gateway configuration", e);
        }
        Supplier<Policy> policy = PolicySource.from(config);
        CredentialStore credentials = CredentialSetup.open(context, environment, config, policy.get(),
                VaultSettings.read(config.root().section("vault")));
        PoolDirectory pools = new PoolDirectory(context);
        ModelCatalog catalog = new ModelCatalog(config, List.of(LocalEmbeddings.MODEL_ID), pools::names);
        Database store = Database.openInBackground(StoreSettings.from(config.root().section("store"), environment,
                credentials::secret, Path.of(context.resolvePropertyPlaceholders("{{gateway.data-dir}}")),
                (int) number(context, "gateway.store.max-connections")));
        VirtualKeyRepository keyRepository = new VirtualKeyRepository(store);
        VirtualKeys virtualKeys = VirtualKeys.startedLater(keyRepository, millis(context, "gateway.store.poll-ms"));
        LimitStore limitStore = limitStore(context);
        BudgetLedger ledger = new BudgetLedger(Clock.systemUTC(), limitStore);
        UsageRecorder usage = new UsageRecorder(new UsageRepository(store),
                (int) number(context, "gateway.usage.queue-size"), millis(context, "gateway.usage.flush-ms"),
                MeteringSetup.meters(context));
        AtomicReference<SpendWriter> spendWriter = new AtomicReference<>();
        // in this order: what still waits to be written is written before the store closes
        ContextLifecycle.onStop(context, usage, virtualKeys, () -> closeIfMade(spendWriter), store, limitStore);
        // The store opens while the routes load. What a request needs from it (the virtual keys, the budgets' spend
        // so far) is read as the context starts, before the routes take requests; a store that did not open stops
        // the start-up there.
        Duration spendWriteEvery = millis(context, "gateway.budgets.write-ms");
        ContextLifecycle.onStart(context, store::awaitOpen, virtualKeys::start, () -> spendWriter.set(new SpendWriter(ledger,
                new SpendRepository(store), spendWriteEvery.toMillis())));
        List<GatewayConfig.CallerKey> keys = callerKeys(config, credentials);
        CallerAuthenticator authenticator = new CallerAuthenticator(AuthSetup.schemes(config, keys, virtualKeys,
                credentials, context));
        ModelAccess access = new ModelAccess(policy, catalog, config.aliases(), credentials);
        int upstreamThreads = (int) number(context, "gateway.upstream-threads");

        Registry registry = context.getRegistry();
        registry.bind("gatewayConfig", config);
        registry.bind("credentialStore", credentials);
        registry.bind("modelCatalog", catalog);
        registry.bind("callerAuthenticator", authenticator);
        registry.bind("gatewayStore", store);
        registry.bind("adminOnly", new AdminOnly());
        registry.bind("adminKeys", new AdminKeys(keyRepository, virtualKeys));
        registry.bind("chatRequestReader", new ChatRequestReader());
        registry.bind("embeddingRequestReader", new EmbeddingRequestReader());
        registry.bind("responsesRequestReader", new ResponsesRequestReader());
        ResponseStore responseStore = new ResponseStore(new ResponseRepository(store), new ResponseStore.Settings(
                millis(context, "gateway.responses.retention-ms"),
                (long) number(context, "gateway.responses.max-stored-bytes"),
                (int) number(context, "gateway.responses.max-conversation"),
                (int) number(context, "gateway.responses.write-queue")), Clock.systemUTC());
        ContextLifecycle.onStop(context, responseStore); // after the routes: a stream that ends as they stop is still written
        registry.bind("responseStore", responseStore);
        registry.bind("storedResponses", new StoredResponses(responseStore));
        registry.bind("responsesAnswer", new ResponsesAnswer(responseStore));
        registry.bind("modelResolver", new ModelResolver(catalog));
        registry.bind("modelAccess", access);
        registry.bind("policyCheck", new PolicyCheck(access));
        Map<String, CallerIdentity> staticHolders = keyHolders(keys);
        registry.bind("policyAdmin", new PolicyAdmin(access, catalog,
                name -> Optional.ofNullable(staticHolders.get(name)).or(() -> virtualKeys.holder(name)),
                new AllowanceReport(ledger)));
        registry.bind("credentialEnricher", new CredentialEnricher(access));
        registry.bind("responseWriter", new ResponseWriter());
        registry.bind("openAiErrors", new OpenAiErrorResponder());
        registry.bind("anthropicErrors", new AnthropicErrorResponder());
        registry.bind("messagesRequestReader", new MessagesRequestReader());
        registry.bind("messagesResponseWriter", new MessagesResponseWriter());
        registry.bind("messagesTokenCounter", new TokenCounter());
        registry.bind("modelsEndpoint", new ModelsEndpoint(catalog, access));
        registry.bind("requestSequencer", new RequestSequencer());
        IngressGate gate = new IngressGate();
        registry.bind("ingressGate", gate);
        IngressGuard guard = new IngressGuard(IngressLimits.from(context), authenticator, gate);
        registry.bind("ingressGuard", guard);
        registry.bind("unknownUrl", new UnknownUrl());
        registry.bind("gatewayHttpBinding", new GatewayHttpBinding());
        registry.bind("gatewayHeaderFilter", new GatewayHeaderFilterStrategy());
        ProviderBreakers breakers = new ProviderBreakers(new ProviderBreakers.Settings(
                (float) number(context, "gateway.breaker.failure-rate-percent"),
                (int) number(context, "gateway.breaker.window-calls"),
                (int) number(context, "gateway.breaker.minimum-calls"),
                millis(context, "gateway.breaker.open-ms"),
                (int) number(context, "gateway.breaker.half-open-calls")),
                config.providers());
        registry.bind("providerBreakers", breakers);
        registry.bind("retryPolicy", new RetryPolicy(new RetryPolicy.Settings(
                (int) number(context, "gateway.retry.max-retries"),
                millis(context, "gateway.retry.base-delay-ms"),
                millis(context, "gateway.retry.max-delay-ms"),
                millis(context, "gateway.retry.budget-ms"))));
        context.addRoutePolicyFactory(new FailuresToCaller());
        context.addRoutePolicyFactory(new RouteInflight());
        context.addComponent("direct", new ReplaceableDirectComponent()); // a reload never runs a stopped route
        context.addComponent("netty-http", new GatewayHttpComponent()); // a request's route chosen without a scan
        registry.bind("failureToCaller", new FailureToCaller()); // route files that still name it keep loading
        registry.bind("pools", pools);
        registry.bind("consensus", new Consensus(catalog));
        registry.bind("fanOutCollector", new FanOutCollector());
        LlmComponent llm = new LlmComponent(config.providers(), new ProviderClient(upstreamThreads,
                upstreamSettings(context)), breakers, credentials);
        ProviderQueues queues = new ProviderQueues(providerLimits(config));
        llm.setQueues(queues);
        registry.bind("providerQueues", queues);
        ContextLifecycle.onStop(context, queues);
        llm.setCredentialChooser(access); // a fan-out member's call carries its caller's team's credential too
        registry.bind("llm", llm);
        registry.bind("adminUsage", new AdminUsage(new UsageRepository(store)));
        BatchSetup.bind(context, store, new BatchSetup.Limits((long) number(context, "gateway.batches.max-file-bytes"),
                (int) number(context, "gateway.batches.max-lines")), new BatchRunner.Settings(
                (int) number(context, "gateway.batches.concurrency"), millis(context, "gateway.batches.poll-ms"),
                millis(context, "gateway.batches.lease-ms")), llm, new BatchForwarder.Settings(
                forwardLease(context), (int) number(context, "gateway.batches.max-result-bytes")));
        GatewayMetrics metrics = MeteringSetup.bindMetrics(context, config, pools, breakers, llm);
        RequestEndListener ended = MeteringSetup.requestEndListeners(context, usage);
        registry.bind("chatMetering", new RequestMetering(metrics, LlmCall.CHAT, ended));
        registry.bind("embeddingsMetering", new RequestMetering(metrics, LlmCall.EMBEDDINGS, ended));
        guard.setRefusals(ended);
        registry.bind("budgetLedger", ledger);
        Admission admission = new Admission(access::policy, config, ledger, new BudgetAlerts(metrics, context));
        registry.bind("admission", admission);
        ExactCacheLookup exactCacheLookup = CacheSetup.bindExactCache(context, config, catalog, pools, access,
                redisUrl(context));
        // each provider call's usage and cost into its request's record, then the meters, then the budgets
        llm.setCallListener(new CallUsage(config.prices()).andThen(metrics).andThen(admission));
        String otlp = context.resolvePropertyPlaceholders("{{gateway.tracing.otlp-endpoint}}").trim();
        if (!otlp.isEmpty() && !"none".equals(otlp)) {
            enableTracing(context, otlp);
            llm.setPassTraceContext(true);
        }
        RouteFileStatus routeFiles = new RouteFileStatus();
        registry.bind(ROUTE_FILE_STATUS, routeFiles);
        ModelWarmUp warmUp = new ModelWarmUp(Boolean.parseBoolean(
                context.resolvePropertyPlaceholders("{{gateway.models.warm-up}}").trim()));
        context.getManagementStrategy().addEventNotifier(warmUp);
        registry.bind("readinessReport", new ReadinessReport(config, credentials, breakers, pools, routeFiles,
                queues, warmUp));
        String intraOpThreads = context.resolvePropertyPlaceholders("{{gateway.embedding.intra-op-threads:0}}").trim();
        Lazy<SentenceEmbedder> embedder = new Lazy<>(() -> SentenceEmbedder.load(2, "0".equals(intraOpThreads)
                ? Map.of() : Map.of("intraOpNumThreads", intraOpThreads)));
        registry.bind("localEmbeddings", new LocalEmbeddings(embedder));
        warmUp.add(SentenceEmbedder.MODEL_NAME, embedder::get);
        IntentRouting intentRouting = SemanticRoutingSetup.intentRouting(context, environment, embedder);
        registry.bind("intentRouting", intentRouting);
        registry.bind("routeByIntent", new IntentRoutingStep(intentRouting));
        warmUp.add(IntentRouting.WARM_UP_NAME, intentRouting::warmUp);
        PromptInjectionSettings injection = PromptInjectionSettings.from(context);
        PromptInjectionGuard injectionGuard = new PromptInjectionGuard(new InjectionDetector(
                AttackExamplesSource.of(injection.examplesFile(), embedder), embedder, injection.detector()),
                injection, access, MeteringSetup.meters(context));
        registry.bind("promptInjectionGuard", injectionGuard);
        if (injection.mode() != InjectionMode.OFF || anyTeamSets(policy.get(), PromptInjectionGuard.POLICY_KEY)) {
            warmUp.add(PromptInjectionGuard.NAME, injectionGuard::warmUp);
        }
        registry.bind("dryRunAnswer", new DryRunAnswer());
        registry.bind("semanticCache", CacheSetup.semanticCache(context, embedder, exactCacheLookup));
        registry.bind("piiGuard", new PiiGuard(PiiSettings.read(config.root().section("guardrails").section("pii")),
                access, new PrivateModels(config, catalog), MeteringSetup.meters(context)));
        RoutePredicates.bind(registry);
        RouteSteps.bind(registry);

        CredentialSetup.report(config, credentials);
    }

    /** Whether some team of the policy sets a mode of this guardrail (other than off). */
    private static boolean anyTeamSets(Policy policy, String guardrail) {
        return policy.teams() != null && policy.teams().values().stream()
                .anyMatch(team -> team.guardrailMode(guardrail) != null && !"off".equals(team.guardrailMode(guardrail)));
    }

    /** Each provider's own limits (limits, modelLimits, queue under the provider in gateway.yaml), by name. */
    private static Map<String, ProviderLimits> providerLimits(GatewayConfig config) {
        Map<String, ProviderLimits> limits = new LinkedHashMap<>();
        config.root().sectionsByName("providers").forEach((name, p) -> limits.put(name, ProviderLimits.read(p)));
        return limits;
    }

    /** Where rate limits and budgets are counted: in Redis when GATEWAY_REDIS_URL names one, else here. */
    private LimitStore limitStore(CamelContext context) {
        String url = redisUrl(context);
        if (url == null) {
            return new InProcessLimits();
        }
        RedisLimits redis = RedisLimits.connect(url, millis(context, "gateway.redis.timeout-ms"));
        LOG.info("Rate limits and budgets are shared through Redis");
        return redis;
    }

    /** GATEWAY_REDIS_URL (or gateway.redis.url), or null when it is none. */
    private String redisUrl(CamelContext context) {
        String url = environment.apply("GATEWAY_REDIS_URL");
        if (url == null || url.isBlank()) {
            url = context.resolvePropertyPlaceholders("{{gateway.redis.url}}").trim();
        }
        return url.isEmpty() || "none".equals(url) ? null : url.trim();
    }

    private static void closeIfMade(AtomicReference<? extends AutoCloseable> resource) throws Exception {
        if (resource.get() != null) {
            resource.get().close();
        }
    }

    /** A forwarded batch's lease outlasts a few of its polls, which are seldom, so that it does not lapse between them. */
    private static Duration forwardLease(CamelContext context) {
        Duration lease = millis(context, "gateway.batches.lease-ms");
        Duration polls = millis(context, "gateway.batches.forward-poll-ms").multipliedBy(3);
        return lease.compareTo(polls) >= 0 ? lease : polls;
    }

    private static void enableTracing(CamelContext context, String endpoint) {
        try {
            OtlpTracing.enable(context, endpoint);
        } catch (Exception e) {
            throw new IllegalStateException("gateway.tracing.otlp-endpoint: cannot trace to '" + endpoint + "'", e);
        }
        LOG.info("Tracing: spans go to {} over OTLP", endpoint);
    }

    private static UpstreamSettings upstreamSettings(CamelContext context) {
        return new UpstreamSettings(
                (int) number(context, "gateway.upstream.max-connections-per-host"),
                millis(context, "gateway.upstream.connection-wait-ms"),
                millis(context, "gateway.upstream.idle-timeout-ms"),
                (int) number(context, "gateway.upstream.max-answer-bytes"),
                (int) number(context, "gateway.upstream.max-event-bytes"),
                (int) number(context, "gateway.upstream.stream-buffer-bytes"));
    }

    /** Keys from gateway.yaml, plus GATEWAY_API_KEYS (comma-separated). */
    private List<GatewayConfig.CallerKey> callerKeys(GatewayConfig config, CredentialStore credentials) {
        List<GatewayConfig.CallerKey> keys = new ArrayList<>();
        for (GatewayConfig.CallerKey key : config.callerKeys()) {
            String value = credentials.secret(key.key());
            if (value != null && !value.isBlank()) {
                keys.add(new GatewayConfig.CallerKey(key.name(), value.trim(), key.team(), key.roles()));
            }
        }
        String fromEnv = environment.apply("GATEWAY_API_KEYS");
        if (fromEnv != null) {
            int i = 0;
            for (String value : fromEnv.split(",")) {
                if (!value.isBlank()) {
                    keys.add(new GatewayConfig.CallerKey("env-key-" + i++, value.trim()));
                }
            }
        }
        return keys;
    }

    /** Who holds each static key, by key name, for the policy's dry run; the keys themselves are left behind. */
    private static Map<String, CallerIdentity> keyHolders(List<GatewayConfig.CallerKey> keys) {
        Map<String, CallerIdentity> holders = new HashMap<>();
        keys.forEach(key -> holders.putIfAbsent(key.name(),
                new CallerIdentity(key.name(), StaticKeys.NAME, key.team(), key.roles(), Map.of())));
        return holders;
    }
}
