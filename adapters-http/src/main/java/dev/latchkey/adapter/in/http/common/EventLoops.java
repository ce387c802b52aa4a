package dev.latchkey.adapter.in.http.common;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.server.netty.NettyHttpRequest;
import java.util.concurrent.Executor;

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
}
