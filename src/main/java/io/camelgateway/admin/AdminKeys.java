package io.camelgateway.admin;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.GatewayException;
import io.camelgateway.http.ClientText;
import io.camelgateway.http.JsonBodyReader;
import io.camelgateway.http.UnknownUrl;
import io.camelgateway.security.CallerIdentity;
import io.camelgateway.security.VirtualKeys;
import io.camelgateway.store.StoreException;
import io.camelgateway.store.VirtualKey;
import io.camelgateway.store.VirtualKeyRepository;

/**
 * The admin API's virtual key endpoints (routes/admin.camel.yaml): issue a key (shown once), list and read keys
 * (never the key or its hash), change a key's name, team or expiry, revoke it. Each write is read back into this
 * instance's {@link VirtualKeys} at once; other instances see it at their next poll.
 */
public class AdminKeys {
    static final String COLLECTION = "/admin/v1/keys";
    private static final Logger LOG = LoggerFactory.getLogger(AdminKeys.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern ID = Pattern.compile("key_[0-9a-f]{24}");
    private static final int DEFAULT_PAGE = 100;
    private static final int LARGEST_PAGE = 1000;

    private final VirtualKeyRepository repository;
    private final VirtualKeys keys;

    public AdminKeys(VirtualKeyRepository repository, VirtualKeys keys) {
        this.repository = repository;
        this.keys = keys;
    }

    /**
     * Reads which key the URL names into exchange property {@link GatewayConstants#ADMIN_KEY_ID} (none for the
     * collection); a URL under /admin/v1/keys that names no key is a 404.
     */
    public void address(Exchange exchange) {
        String path = path(exchange);
        if (path.equals(COLLECTION) || path.equals(COLLECTION + "/")) {
            exchange.removeProperty(GatewayConstants.ADMIN_KEY_ID);
            return;
        }
        String id = path.startsWith(COLLECTION + "/") ? path.substring(COLLECTION.length() + 1) : "";
        if (!ID.matcher(id).matches()) {
            throw new GatewayException(404, "invalid_request_error", "unknown_url", "Invalid URL ("
                    + exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class) + " "
                    + ClientText.printable(path, 100) + ").");
        }
        exchange.setProperty(GatewayConstants.ADMIN_KEY_ID, id);
    }

    public KeyView create(Exchange exchange) {
        NewKeyRequest request = JsonBodyReader.readStrict(exchange, NewKeyRequest.class);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String name = KeyFields.name(request.name);
        String team = KeyFields.team(request.team);
        Set<String> roles = KeyFields.roles(request.roles);
        Instant expiry = KeyExpiry.of(request.expiresAt, request.ttl, now);
        String secret = VirtualKeys.newKey();
        VirtualKey stored = store(() -> repository.insert(new VirtualKey(newId(), VirtualKeys.sha256(secret), name,
                team, roles, now, expiry, null, 0)));
        readBack(stored.id());
        LOG.info("Virtual key {} ({}) issued by {}", stored.id(), stored.name(), caller(exchange));
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 201);
        return KeyView.of(stored, now).withKey(secret);
    }

    public KeyPage list(Exchange exchange) {
        String after = query(exchange, "after");
        String limitText = query(exchange, "limit");
        int limit = DEFAULT_PAGE;
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > LARGEST_PAGE) {
                throw GatewayException.invalidRequest("limit", "'limit' must be a whole number from 1 to "
                        + LARGEST_PAGE + ".");
            }
        }
        int pageSize = limit;
        List<VirtualKey> page = store(() -> repository.list(after, pageSize + 1));
        Instant now = Instant.now();
        List<KeyView> views = page.stream().limit(pageSize).map(k -> KeyView.of(k, now)).toList();
        return KeyPage.of(views, page.size() > pageSize);
    }

    public KeyView get(Exchange exchange) {
        String id = id(exchange);
        return KeyView.of(store(() -> repository.find(id)).orElseThrow(() -> notFound(id)), Instant.now());
    }

    public KeyView update(Exchange exchange) {
        String id = id(exchange);
        KeyChangeRequest request = JsonBodyReader.readStrict(exchange, KeyChangeRequest.class);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String name = request.nameGiven ? KeyFields.name(request.name) : null;
        String team = request.teamGiven ? KeyFields.team(request.team) : null;
        Instant expiry = request.expiryGiven ? KeyExpiry.of(request.expiresAt, request.ttl, now) : null;
        VirtualKey changed = written(id, () -> repository.update(id, key -> {
            VirtualKey result = key;
            result = request.nameGiven ? result.withName(name) : result;
            result = request.teamGiven ? result.withTeam(team) : result;
            return request.expiryGiven ? result.withExpiry(expiry) : result;
        }));
        LOG.info("Virtual key {} ({}) changed by {}", changed.id(), changed.name(), caller(exchange));
        return KeyView.of(changed, now);
    }

    /** Revokes the key; revoking it again changes nothing and answers the same. */
    public KeyView revoke(Exchange exchange) {
        String id = id(exchange);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        VirtualKey revoked = written(id, () -> repository.update(id, key -> key.revokedAt(now)));
        LOG.info("Virtual key {} ({}) revoked by {}", revoked.id(), revoked.name(), caller(exchange));
        return KeyView.of(revoked, now);
    }

    /** A method the URL does not take: 405, naming those it does. */
    public void notAllowed(Exchange exchange) {
        boolean collection = exchange.getProperty(GatewayConstants.ADMIN_KEY_ID) == null;
        String allowed = collection ? "GET, POST" : "DELETE, GET, PATCH";
        exchange.getMessage().setHeader(UnknownUrl.ALLOW, allowed);
        throw new GatewayException(405, "invalid_request_error", "method_not_allowed",
                exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class) + " is not allowed on "
                        + ClientText.printable(path(exchange), 100) + "; use " + allowed.replace(", ", " or ") + ".");
    }

    private VirtualKey written(String id, Supplier<Optional<VirtualKey>> write) {
        VirtualKey key = store(write).orElseThrow(() -> notFound(id));
        readBack(id);
        return key;
    }

    /** Brings a write into this instance's keys now, rather than at the next poll. */
    private void readBack(String id) {
        try {
            keys.refresh();
        } catch (StoreException e) {
            LOG.warn("Virtual key {} was written, but this instance could not read it back yet (the next poll "
                    + "will): {}", id, e.getMessage());
        }
    }

    /** The store's answer; a store that cannot be reached is a 503. */
    private static <T> T store(Supplier<T> work) {
        try {
            return work.get();
        } catch (StoreException e) {
            throw new GatewayException(503, "server_error", "store_unavailable", null,
                    "The gateway's store cannot be reached; try again shortly.", null, e);
        }
    }

    private static String newId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return "key_" + HexFormat.of().formatHex(bytes);
    }

    private static String id(Exchange exchange) {
        return exchange.getProperty(GatewayConstants.ADMIN_KEY_ID, String.class);
    }

    private static GatewayException notFound(String id) {
        return new GatewayException(404, "invalid_request_error", "key_not_found", null,
                "No virtual key with id '" + id + "'.", null, null);
    }

    private static String caller(Exchange exchange) {
        CallerIdentity caller = exchange.getProperty(GatewayConstants.CALLER, CallerIdentity.class);
        return caller == null ? "?" : caller.name();
    }

    private static String path(Exchange exchange) {
        String uri = exchange.getMessage().getHeader(Exchange.HTTP_URI, "", String.class);
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }

    /** A query parameter's first value, decoded, or null. */
    public static String query(Exchange exchange, String name) {
        String query = exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class);
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                try {
                    return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw GatewayException.invalidRequest(name, "'" + name + "' is not correctly URL-encoded.");
                }
            }
        }
        return null;
    }
}
