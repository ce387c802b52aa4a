package dev.latchkey.adapter.out.limits.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one connection of this node to Redis, for the limits all nodes share. Every call either answers within the
 * timeout or fails at once, never waits for a connection: commands are refused while the connection is down (Lettuce
 * reconnects in the background), and after a failure Redis is left alone for the retry interval, then tried again by
 * the next call. A node starts without Redis and connects when it comes.
 */
public final class RedisLink implements AutoCloseable {

    /**
     * Where Redis is, how long a call may take, how long to leave Redis alone after a failure, and the prefix of every
     * Redis key this node uses (nodes that share limits share it; separate clusters on one Redis do not).
     */
    public record Settings(String url, Duration timeout, Duration retryInterval, String namespace) {
    }

    /** A Lua script, run by its SHA-1 and sent whole only when Redis does not know it yet. */
    record Script(String source, String sha) {
        static Script of(String source) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
                return new Script(source, HexFormat.of().formatHex(digest));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(RedisLink.class);
    private static final CompletionStage<Optional<List<Object>>> NOT_SENT =
            CompletableFuture.completedStage(Optional.empty());

    private final RedisClient client;
    private final RedisURI uri;
    private final Duration timeout;
    private final long retryNanos;
    private final String namespace;
    private final ScheduledExecutorService connector;
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile long leftAloneUntil;
    private volatile boolean failing;

    public RedisLink(Settings settings) {
        this.uri = RedisURI.create(settings.url());
        this.uri.setTimeout(settings.timeout());
        this.timeout = settings.timeout();
        this.retryNanos = settings.retryInterval().toNanos();
        this.namespace = settings.namespace();
        this.client = RedisClient.create();
        this.client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(settings.timeout()))
                .socketOptions(SocketOptions.builder().connectTimeout(settings.timeout()).build())
                .build());
        this.connector = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "latchkey-redis-connector");
            thread.setDaemon(true);
            return thread;
        });
        connector.scheduleWithFixedDelay(this::connectIfNeeded, 0, settings.retryInterval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Connects when not connected; else checks that Redis answers, so that health shows a silent Redis too. */
    private void connectIfNeeded() {
        StatefulRedisConnection<String, String> current = connection;
        if (current != null) {
            try {
                current.async().ping().toCompletableFuture().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
                failing = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                noteFailure(e);
            }
            return;
        }
        try {
            connection = client.connect(StringCodec.UTF8, uri);
            failing = false;
            LOG.info("Redis connected at {}: rate limits and failure counters are shared by all nodes", where());
        } catch (RuntimeException e) {
            noteFailure(e);
        }
    }

    /**
     * Runs {@code script} without blocking the caller: its answer, or empty when Redis is not connected, is being left
     * alone after a failure, or fails now (a command that outlives the timeout fails: Lettuce's timeout options).
     * Completes on Lettuce's thread, or at once when nothing was sent; never exceptionally.
     */
    CompletionStage<Optional<List<Object>>> run(Script script, String[] keys, String... args) {
        CompletionStage<List<Object>> call = send(script, keys, args);
        if (call == null) {
            return NOT_SENT;
        }
        return call.handle((answer, failure) -> {
            if (failure != null) {
                noteFailure(failure);
                return Optional.empty();
            }
            return Optional.of(answer);
        });
    }

    /**
     * Runs {@code script} in the background: {@code then} gets its answer, or the failure, on Lettuce's thread.
     * False when it was not sent at all (not connected, or left alone).
     */
    boolean runInBackground(Script script, String[] keys, String[] args, BiConsumer<List<Object>, Throwable> then) {
        CompletionStage<List<Object>> call = send(script, keys, args);
        if (call == null) {
            return false;
        }
        call.whenComplete((answer, failure) -> {
            if (failure != null) {
                noteFailure(failure);
            }
            then.accept(answer, failure);
        });
        return true;
    }

    private CompletionStage<List<Object>> send(Script script, String[] keys, String[] args) {
        StatefulRedisConnection<String, String> current = connection;
        if (current == null || (failing && System.nanoTime() - leftAloneUntil < 0)) {
            return null;
        }
        RedisAsyncCommands<String, String> commands = current.async();
        CompletableFuture<List<Object>> byDigest =
                commands.<List<Object>>evalsha(script.sha(), ScriptOutputType.MULTI, keys, args).toCompletableFuture();
        return byDigest.handle((answer, failure) -> {
            if (failure == null) {
                failing = false;
                return CompletableFuture.completedFuture(answer);
            }
            Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
            if (cause instanceof RedisNoScriptException) {
                return commands.<List<Object>>eval(script.source(), ScriptOutputType.MULTI, keys, args)
                        .toCompletableFuture().thenApply(loaded -> {
                            failing = false;
                            return loaded;
                        });
            }
            return CompletableFuture.<List<Object>>failedFuture(cause);
        }).thenCompose(stage -> stage);
    }

    private void noteFailure(Throwable failure) {
        leftAloneUntil = System.nanoTime() + retryNanos;
        if (!failing) {
            failing = true;
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            LOG.warn("Redis at {} cannot be reached ({}): each node enforces its own share of the limits until it can",
                    where(), cause.getClass().getSimpleName());
        }
    }

    /** Whether the last call to Redis (a check runs every retry interval) succeeded. */
    public boolean reachable() {
        StatefulRedisConnection<String, String> current = connection;
        return current != null && current.isOpen() && !failing;
    }

    /** The Redis key of {@code id} among the keys of {@code kind}, in this node's namespace. */
    String key(String kind, String id) {
        return namespace + ":" + kind + ":" + id;
    }

    /** Where Redis is, without credentials: for the health report and the log. */
    public String where() {
        return uri.getHost() + ":" + uri.getPort();
    }

    @Override
    public void close() {
        connector.shutdownNow();
        StatefulRedisConnection<String, String> current = connection;
        if (current != null) {
            current.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }
}
