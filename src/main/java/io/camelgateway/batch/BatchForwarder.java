package io.camelgateway.batch;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.GatewayException;
import io.camelgateway.api.Json;
import io.camelgateway.http.RequestIds;
import io.camelgateway.provider.ProviderClient;
import io.camelgateway.provider.ProviderTranslators;
import io.camelgateway.security.CallerIdentity;

/**
 * Hands the batches marked for it to their providers' own batch APIs and brings their answers back; each poll
 * (routes/batches.camel.yaml, the batch-forwarding timer route) takes each batch one step: send it, read its state
 * at the provider (forwarding a cancel), or, once it has ended there, answer its lines and end it.
 * <p>
 * A batch is sent once: the step that sends it first moves it from pending to submitting in the store, and a batch
 * found submitting (its sender stopped before the provider's answer was kept) is looked up at the provider by the
 * gateway's batch id, not sent again. Its answers are written once each, as the gateway's own batch lines are.
 */
public final class BatchForwarder extends ServiceSupport {
    private static final Logger LOG = LoggerFactory.getLogger(BatchForwarder.class);
    static final String LINE_ENDPOINT = "direct:batch-forwarded-line";
    /** What a provider's batch id must look like before the gateway puts it into a URL. */
    private static final Pattern PROVIDER_ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,299}");

    /** How the forwarder is set: gateway.batches.* in gateway-defaults.properties. */
    public record Settings(Duration lease, int maxResultBytes) {
    }

    private final BatchRepository batches;
    private final ForwardRepository forwards;
    private final CamelContext context;
    private final ProviderClient client;
    private final Settings settings;
    private final Map<String, ProviderBatchApi> apis = Map.of("openai", new OpenAiBatchApi(),
            "anthropic", new AnthropicBatchApi(), "gemini", new GeminiBatchApi());
    private final String instance = "gw-" + UUID.randomUUID();
    private ProducerTemplate template;
    private BatchForwarding forwarding;
    private volatile boolean halted;

    BatchForwarder(BatchRepository batches, ForwardRepository forwards, CamelContext context, ProviderClient client,
                   Settings settings) {
        this.batches = batches;
        this.forwards = forwards;
        this.context = context;
        this.client = client;
        this.settings = settings;
    }

    @Override
    protected void doStart() {
        template = context.createProducerTemplate();
        forwarding = new BatchForwarding(template);
    }

    /** Takes no more steps: the gateway is stopping. */
    public void halt() {
        halted = true;
    }

    @Override
    protected void doStop() {
        halt();
        template.stop();
        try {
            forwards.release(instance);
        } catch (RuntimeException e) {
            LOG.warn("Could not give up the forwarded batches' leases ({}); they lapse", e.getMessage());
        }
    }

    /** The provider a new batch goes to, or empty when the gateway runs it itself. */
    Optional<String> destination(CallerIdentity caller, String endpoint,
                                 List<InputLine> lines) {
        return forwarding.plan(caller, endpoint, lines).map(plan -> plan.target().providerName());
    }

    /** One step for each forwarded batch this instance holds; the timer route calls it. */
    public void poll() {
        if (halted) {
            return;
        }
        Instant now = Instant.now();
        for (ForwardRepository.Forward forward : forwards.claim(instance, now, now.plus(settings.lease()))) {
            if (halted) {
                return;
            }
            try {
                step(forward);
            } catch (RuntimeException e) {
                LOG.warn("Forwarded batch {}: {}; tried again at the next poll", forward.batchId(), e.getMessage());
            }
        }
    }

    private void step(ForwardRepository.Forward forward) {
        Batch batch = batches.byId(forward.batchId()).orElse(null);
        if (batch == null || !List.of(Batch.VALIDATING, Batch.IN_PROGRESS, Batch.CANCELLING).contains(batch.status())) {
            forwards.done(forward.batchId());
            return;
        }
        switch (forward.state()) {
            case ForwardRepository.PENDING -> submit(batch);
            case ForwardRepository.SUBMITTING -> lookUp(batch, forward);
            default -> follow(batch, forward);
        }
    }

    private void submit(Batch batch) {
        if (batch.status().equals(Batch.CANCELLING)) {
            BatchEnding.end(batches, batch, Batch.CANCELLED, "batch_cancelled",
                    "The batch was cancelled before this request ran.");
            forwards.done(batch.id());
            return;
        }
        List<InputLine> lines = batches.pending(batch.id(), batch.total()).stream()
                .map(line -> new InputLine(line.lineNo(), line.customId(), line.url(), line.request())).toList();
        Optional<BatchForwarding.Plan> plan = forwarding.plan(batch.caller(), batch.endpoint(), lines);
        if (plan.isEmpty()) {
            LOG.info("Batch {}: its lines no longer all go to one provider's batch API; the gateway runs it",
                    batch.id());
            forwards.runLocally(batch.id());
            return;
        }
        if (!forwards.startSubmitting(batch.id())) {
            return;
        }
        ProviderBatchApi api = api(plan.get().target().provider().format());
        String providerBatchId;
        try {
            providerBatchId = api.submit(calls(plan.get()), batch.id(), plan.get().lines());
        } catch (GatewayException e) {
            if (e.status() >= 400 && e.status() < 500 && e.status() != 408 && e.status() != 429) {
                // The provider refused it outright: nothing was made there, and the gateway runs it line by line.
                LOG.warn("Batch {}: the provider's batch API refused it ({}); the gateway runs it", batch.id(),
                        e.getMessage());
                forwards.runLocally(batch.id());
            }
            throw e; // otherwise its outcome is unknown: it stays submitting, and is looked up at the next poll
        }
        forwards.submitted(batch.id(), requireId(providerBatchId), null);
        batches.markInProgress(batch.id(), Instant.now());
        LOG.info("Batch {} forwarded to {} as {}", batch.id(), plan.get().target().providerName(), providerBatchId);
    }

    /** A batch whose sending was cut short: the provider has it (go on with it) or not (send it again). */
    private void lookUp(Batch batch, ForwardRepository.Forward forward) {
        BatchForwarding.Plan plan = credentialOnly(batch);
        ProviderBatchApi api = api(plan.target().provider().format());
        if (!api.canFind()) {
            // Sending it again might have it run (and paid for) twice.
            BatchEnding.end(batches, batch, Batch.FAILED, "batch_failed", "The gateway stopped while "
                    + "it handed the batch to " + plan.target().providerName() + "'s batch API, which cannot say "
                    + "whether it has it; the batch is not sent again. Create it anew to run it.");
            forwards.done(batch.id());
            return;
        }
        Optional<String> found = api.find(calls(plan), batch.id());
        if (found.isPresent()) {
            forwards.submitted(batch.id(), requireId(found.get()), null);
            batches.markInProgress(batch.id(), Instant.now());
        } else {
            forwards.notSubmitted(forward.batchId());
        }
    }

    private void follow(Batch batch, ForwardRepository.Forward forward) {
        BatchForwarding.Plan plan = credentialOnly(batch);
        ProviderBatchApi api = api(plan.target().provider().format());
        ProviderBatchCalls calls = calls(plan);
        String id = requireId(forward.providerBatchId());
        if (batch.status().equals(Batch.CANCELLING) && !forward.cancelSent()) {
            api.cancel(calls, id);
            forwards.cancelSent(batch.id());
        }
        ProviderBatchApi.ProviderBatch state = api.read(calls, id);
        if (!state.status().equals(forward.providerStatus())) {
            forwards.providerStatus(batch.id(), state.status());
        }
        if (!state.ended()) {
            return;
        }
        if (state.state().equals(Batch.FAILED)) {
            BatchEnding.end(batches, batch, Batch.FAILED, "batch_failed",
                    "The provider's batch API failed the batch: " + state.errors());
            forwards.done(batch.id());
            return;
        }
        if (!answer(batch, api.results(calls, state))) {
            return; // the gateway is stopping: the lines left are answered at the next start
        }
        switch (state.state()) {
            case Batch.CANCELLED -> BatchEnding.end(batches, batch, Batch.CANCELLED,
                    "batch_cancelled", "The batch was cancelled before this request ran.");
            case Batch.EXPIRED -> BatchEnding.end(batches, batch, Batch.EXPIRED, "batch_expired",
                    "The batch's completion window ended before this request ran.");
            default -> BatchEnding.end(batches, batch, Batch.COMPLETED, "missing_result",
                    "The provider's batch API gave no result for this request.");
        }
        forwards.done(batch.id());
    }

    /** Answers each line still without one from the provider's results; false when cut short by a stop. */
    private boolean answer(Batch batch, List<ProviderBatchApi.LineResult> results) {
        Map<Integer, BatchRepository.PendingLine> pending = new HashMap<>();
        for (BatchRepository.PendingLine line : batches.pending(batch.id(), batch.total())) {
            pending.put(line.lineNo(), line);
        }
        for (ProviderBatchApi.LineResult result : results) {
            BatchRepository.PendingLine line = pending.remove(BatchForwarding.lineNo(result.customId()));
            if (line == null) {
                continue; // answered before a restart, or not a line of this batch
            }
            if (halted) {
                return false;
            }
            BatchRepository.Answer answer = result.status() == 0 ? notRun(line, result) : meter(batch, line, result);
            if (answer == null) {
                return false;
            }
            batches.answer(batch.id(), answer);
        }
        return true;
    }

    /** A line the provider did not run (its batch expired or was cancelled first). */
    private static BatchRepository.Answer notRun(BatchRepository.PendingLine line,
                                                 ProviderBatchApi.LineResult result) {
        String code = result.notRunCode();
        String message = switch (code) {
            case "batch_expired" -> "The batch's completion window ended before this request ran.";
            case "batch_cancelled" -> "The batch was cancelled before this request ran.";
            default -> "The provider's batch API did not run this request.";
        };
        return new BatchRepository.Answer(line.lineNo(), line.customId(), BatchRepository.Answer.NOT_RUN,
                RequestIds.generate(), Json.writeString(Json.object().put("code", code).put("message", message)));
    }

    /**
     * The line's answer as the caller sees it: through direct:batch-forwarded-line, which meters it (usage, metrics,
     * audit) at batch prices; null when the route was away (the gateway stopping).
     */
    private BatchRepository.Answer meter(Batch batch, BatchRepository.PendingLine line,
                                         ProviderBatchApi.LineResult result) {
        String requestId = RequestIds.generate();
        Exchange done = template.send(LINE_ENDPOINT, exchange -> {
            exchange.setProperty(GatewayConstants.CALLER, batch.caller());
            exchange.setProperty(GatewayConstants.REQUEST_ID, requestId);
            exchange.setProperty(ForwardedAnswer.RESULT, result);
            exchange.getMessage().setHeader(Exchange.HTTP_URI, BatchInput.CHAT);
            exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "POST");
            exchange.getMessage().setBody(line.request().getBytes(StandardCharsets.UTF_8));
        });
        if (done.getException() != null) {
            return null;
        }
        int status = done.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class);
        return new BatchRepository.Answer(line.lineNo(), line.customId(), status, requestId,
                done.getMessage().getBody(String.class));
    }

    /** Where the batch's calls go and with which credential: its first line's provider, as its owner calls it. */
    private BatchForwarding.Plan credentialOnly(Batch batch) {
        BatchRepository.PendingLine first = batches.firstLine(batch.id());
        BatchForwarding.Resolved resolved = forwarding.resolve(batch.caller(), first.request()).orElseThrow(
                () -> new IllegalStateException("its first line no longer resolves to a provider the team may use"));
        return new BatchForwarding.Plan(resolved.target(), resolved.credential(), List.of());
    }

    private ProviderBatchCalls calls(BatchForwarding.Plan plan) {
        return new ProviderBatchCalls(client, ProviderTranslators.forFormat(plan.target().provider().format()),
                plan.target(), plan.credential(), settings.maxResultBytes(),
                api(plan.target().provider().format()).headers(plan.target().provider()));
    }

    private ProviderBatchApi api(String format) {
        ProviderBatchApi api = apis.get(format);
        if (api == null) {
            throw new IllegalStateException("no batch API for the format " + format);
        }
        return api;
    }

    private static String requireId(String providerBatchId) {
        if (providerBatchId == null || !PROVIDER_ID.matcher(providerBatchId).matches()
                || providerBatchId.contains("..")) {
            throw new IllegalStateException("the provider's batch id is missing or not an id");
        }
        return providerBatchId;
    }
}
