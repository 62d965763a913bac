package io.camelgateway.http;

import java.util.ArrayDeque;
import java.util.Queue;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.apache.camel.component.netty.ChannelHandlerFactory;

/**
 * A Netty handler (endpoint option encoders=#requestSequencer, first of the list) that serves a client connection's
 * requests one at a time, as HTTP/1.1 pipelining requires: a request that arrives while an answer is still being
 * written is held, and the connection is not read further, until that answer's last byte is written. Answers finish
 * in any order upstream (a plain answer before a stream that started earlier); on the wire they never overtake or
 * interleave. After an answer that says Connection: close, nothing more is read: its writer closes the connection.
 * <p>
 * Camel puts encoders between Netty's HTTP codec and its aggregator, so this handler sees requests as they are
 * decoded and answers before they are encoded. Whatever handler comes after it in the list answers in turn too.
 */
public class RequestSequencer extends ChannelHandlerAdapter implements ChannelHandlerFactory {
    /** Pipelined requests held per connection; one more and the connection closes after those held are answered. */
    public static final int MAX_HELD_REQUESTS = 16;

    @Override
    public ChannelHandler newChannelHandler() {
        return new Sequencer();
    }

    private static final class Sequencer extends ChannelDuplexHandler {
        /** Whole requests and their body parts, as decoded, in order. */
        private final Queue<Object> held = new ArrayDeque<>();
        private int heldRequests;
        private ChannelHandlerContext ctx;
        /** A request has been passed on and the last byte of its answer is not written yet. */
        private boolean answering;
        /** No more requests are taken: the last answer said close, or a client pipelined too many. */
        private boolean lastRequestTaken;
        private boolean answerStarted;
        private boolean closeAfterAnswer;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (lastRequestTaken) {
                ReferenceCountUtil.release(msg);
            } else if (held.isEmpty() && !(answering && msg instanceof HttpRequest)) {
                pass(msg);
            } else {
                hold(msg);
            }
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof HttpResponse response) {
                if (response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
                    ctx.write(msg, promise); // 100 Continue comes before the answer, not instead of it
                    return;
                }
                answerStarted = true;
                closeAfterAnswer = !HttpUtil.isKeepAlive(response);
            }
            if (msg instanceof LastHttpContent && answerStarted) {
                answerStarted = false;
                boolean closing = closeAfterAnswer;
                promise = promise.unvoid();
                // Not from inside the listener: Netty ignores a flush made while it is still notifying the last one.
                promise.addListener(written -> ctx.executor().execute(
                        () -> answered(closing || !written.isSuccess())));
            }
            ctx.write(msg, promise);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            releaseHeld();
            ctx.fireChannelInactive();
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            releaseHeld();
        }

        private void pass(Object msg) {
            if (msg instanceof HttpRequest) {
                answering = true;
            }
            ctx.fireChannelRead(msg);
        }

        private void hold(Object msg) {
            if (msg instanceof HttpRequest && heldRequests == MAX_HELD_REQUESTS) {
                // Refused whole rather than buffered without bound: the held ones are answered, then the connection
                // closes, which tells the client that this request and any after it were never served.
                lastRequestTaken = true;
                ReferenceCountUtil.release(msg);
                return;
            }
            if (msg instanceof HttpRequest) {
                heldRequests++;
            }
            held.add(msg);
            ctx.channel().config().setAutoRead(false);
        }

        /** The last byte of the current answer is written (or could not be). */
        private void answered(boolean closing) {
            answering = false;
            if (closing) {
                lastRequestTaken = true;
                releaseHeld();
                return;
            }
            while (!held.isEmpty() && !(answering && held.peek() instanceof HttpRequest)) {
                Object msg = held.poll();
                if (msg instanceof HttpRequest) {
                    heldRequests--;
                }
                pass(msg);
            }
            if (!held.isEmpty()) {
                return;
            }
            if (!lastRequestTaken) {
                ctx.channel().config().setAutoRead(true);
            } else if (!answering) {
                ctx.close();
            }
        }

        private void releaseHeld() {
            Object msg;
            while ((msg = held.poll()) != null) {
                ReferenceCountUtil.release(msg);
            }
            heldRequests = 0;
        }
    }
}
