package dev.latchkey.adapter.in.http.common;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.server.netty.NettyHttpRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * Where a request's work goes on once an answer it waited for without blocking (a rate limit shared through Redis)
 * arrives on another thread: back on the event loop of the request's connection, so that the network client's one
 * thread only hands answers over and never runs the rest of the request.
 */
public final class EventLoops {

    private static final Executor IN_PLACE = Runnable::run;

    private EventLoops() {
    }

    /** The event loop serving {@code request}; for a request not read by Netty (none in the server), in place. */
    public static Executor of(HttpRequest<?> request) {
        return request instanceof NettyHttpRequest<?> netty ? netty.getChannelHandlerContext().executor() : IN_PLACE;
    }

    /**
     * {@code then} applied to {@code answer}: at once when the answer is complete (the common case, nothing was
     * awaited), else on {@code request}'s event loop once it arrives. Empty when {@code then} gives null.
     */
    public static <A, T> Mono<T> whenAnswered(CompletionStage<A> answer, HttpRequest<?> request, Function<A, T> then) {
        CompletableFuture<A> arrived = answer.toCompletableFuture();
        if (arrived.isDone() && !arrived.isCompletedExceptionally()) {
            return Mono.justOrEmpty(then.apply(arrived.join()));
        }
        return Mono.fromCompletionStage(arrived.thenApplyAsync(then, of(request)));
    }

    /**
     * {@code then} applied to {@code answer}: at once when the answer is complete, else on {@code request}'s event
     * loop once it arrives (never on the thread that completed it: a network client's or a pool's).
     */
    public static <A, T> CompletionStage<T> thenOnEventLoop(CompletionStage<A> answer, HttpRequest<?> request,
                                                           Function<A, T> then) {
        CompletableFuture<A> arrived = answer.toCompletableFuture();
        if (arrived.isDone() && !arrived.isCompletedExceptionally()) {
            return CompletableFuture.completedFuture(then.apply(arrived.join()));
        }
        return arrived.thenApplyAsync(then, of(request));
    }

    /**
     * The value of {@code answer}, waited for: only for callers on a blocking thread. A failure is thrown as it was
     * raised (a lost store stays {@code StoreUnavailable}, answered 503), not wrapped.
     */
    public static <A> A await(CompletionStage<A> answer) {
        try {
            return answer.toCompletableFuture().join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
