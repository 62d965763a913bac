package io.camelgateway.responses;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelgateway.api.Json;
import io.camelgateway.store.StoreException;

/**
 * What the gateway keeps of its responses (store: true): which response fits the limits, writing it (at once, or
 * for a stream off the event loop by one writer thread), reading a conversation back, and the retention sweep. A
 * read of a response whose write is still queued here waits for it, so that a client that continues a stream at
 * once finds it.
 */
public final class ResponseStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ResponseStore.class);
    /** The most a read waits for a queued write of the response it asks for. */
    private static final Duration WRITE_WAIT = Duration.ofSeconds(5);

    /**
     * gateway.responses.* in gateway-defaults.properties.
     *
     * @param retention          how long a response is kept
     * @param maxStoredBytes     the most a stored response holds, with the conversation before it
     * @param maxConversation    the most responses one conversation holds
     * @param writeQueue         the most streamed responses waiting to be written
     */
    public record Settings(Duration retention, long maxStoredBytes, int maxConversation, int writeQueue) {
    }

    private final ResponseRepository responses;
    private final Settings settings;
    private final Clock clock;
    private final ThreadPoolExecutor writer;
    private final Map<String, CompletableFuture<Void>> queued = new ConcurrentHashMap<>();

    public ResponseStore(ResponseRepository responses, Settings settings, Clock clock) {
        this.responses = responses;
        this.settings = settings;
        this.clock = clock;
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(settings.writeQueue()), r -> {
                    Thread thread = new Thread(r, "responses-store-writer");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /**
     * The record of this response to keep, or null when it does not fit the limits (its conversation too long or
     * too big), in which case the response says store: false.
     */
    StoredResponse record(String owner, ResponsesRequest request, Conversation before, ResponseObject response) {
        String inputItems = Json.writeString(InputItems.of(request.input));
        String object = Json.writeString(response);
        long bytes = before.bytes() + inputItems.getBytes(StandardCharsets.UTF_8).length
                + object.getBytes(StandardCharsets.UTF_8).length;
        int depth = before.depth() + 1;
        if (bytes > settings.maxStoredBytes() || depth > settings.maxConversation()) {
            LOG.info("Response {} not stored: its conversation holds {} responses and {} bytes (at most {} and {})",
                    response.id, depth, bytes, settings.maxConversation(), settings.maxStoredBytes());
            response.store = false;
            return null;
        }
        return new StoredResponse(response.id, owner, request.previousResponseId,
                Instant.ofEpochSecond(response.createdAt), depth, bytes, inputItems, object);
    }

    /** Writes it now; whether it was written (a store that fails is logged, and the answer goes on unstored). */
    boolean keep(StoredResponse response) {
        try {
            responses.insert(response);
            return true;
        } catch (StoreException e) {
            LOG.warn("Response {} not stored: {}", response.id(), e.getMessage());
            return false;
        }
    }

    /** Queues it for the writer thread; false when the queue is full or the store is closing. */
    boolean keepLater(StoredResponse response) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        queued.put(response.id(), written);
        try {
            writer.execute(() -> {
                try {
                    keep(response);
                } finally {
                    queued.remove(response.id());
                    written.complete(null);
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            queued.remove(response.id());
            LOG.warn("Response {} not stored: {} streamed responses already wait to be written", response.id(),
                    settings.writeQueue());
            return false;
        }
    }

    /** The owner's conversation that ends with this response; empty when it, or a response before it, is not kept. */
    Optional<Conversation> conversation(String owner, String lastId) {
        awaitQueued(lastId);
        return responses.conversation(owner, lastId, settings.maxConversation()).map(chain -> {
            ArrayNode items = Json.MAPPER.createArrayNode();
            for (StoredResponse link : chain) {
                items.addAll((ArrayNode) tree(link.inputItems()));
                items.addAll((ArrayNode) tree(link.response()).path("output"));
            }
            StoredResponse last = chain.get(chain.size() - 1);
            return new Conversation(last.depth(), last.conversationBytes(), items);
        });
    }

    Optional<StoredResponse> find(String owner, String id) {
        awaitQueued(id);
        return responses.find(owner, id);
    }

    boolean delete(String owner, String id) {
        awaitQueued(id);
        return responses.delete(owner, id);
    }

    /** Deletes the responses older than the retention; how many. */
    public int sweep() {
        int deleted = responses.deleteCreatedBefore(clock.instant().minus(settings.retention())
                .truncatedTo(ChronoUnit.SECONDS));
        if (deleted > 0) {
            LOG.info("Deleted {} stored responses older than {}", deleted, settings.retention());
        }
        return deleted;
    }

    private void awaitQueued(String id) {
        CompletableFuture<Void> written = queued.get(id);
        if (written == null) {
            return;
        }
        try {
            written.get(WRITE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // read what the store has: the response is not there yet, or will never be
        }
    }

    static JsonNode tree(String json) {
        try {
            return Json.tree(json);
        } catch (Exception e) {
            throw new StoreException("a stored response is not JSON", e);
        }
    }

    /** Writes what is queued, then stops the writer. */
    @Override
    public void close() throws InterruptedException {
        writer.shutdown();
        if (!writer.awaitTermination(10, TimeUnit.SECONDS)) {
            LOG.warn("{} streamed responses were not stored: the store closed first", writer.shutdownNow().size());
        }
    }
}
