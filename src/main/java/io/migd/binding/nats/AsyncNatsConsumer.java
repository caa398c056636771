package io.migd.binding.nats;

import io.migd.invoke.AfterCurrentTask;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.nats.NatsConfiguration;
import org.apache.camel.component.nats.NatsConstants;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.support.DefaultConsumer;

import java.util.ArrayList;
import java.util.List;

/**
 * A core NATS subscription whose messages go through the route <em>asynchronously</em>. camel-nats' own consumer calls
 * the route synchronously on the client's dispatcher thread, so one slow request holds up every request behind it on
 * that subject, and the only way out was a hand-off of a copy of each exchange to a worker pool. Here the dispatcher
 * thread starts the exchange and returns as soon as the route goes asynchronous (a capability route that may block
 * moves to its worker pool by itself; a deadline or an upstream call waits on a callback); non-blocking work runs to
 * the end on the dispatcher thread, with no hand-off at all; what the route defers until after its answer (a
 * completion event, {@link AfterCurrentTask}) runs on the same thread right after. The exchange is released when the
 * route is done.
 *
 * <p>Like camel-nats: the headers {@code CamelNatsReplyTo}, {@code CamelNatsSID}, {@code CamelNatsSubject},
 * {@code CamelNatsQueueName}, {@code CamelNatsMessageTimestamp} (and the status of a status message); NATS headers that
 * the endpoint's header filter lets in; {@code queueName}; the final body as the reply unless
 * {@code replyToDisabled}. {@code poolSize} is the number of subscriptions in the queue group, each on a dispatcher
 * thread of its own, i.e. how many messages of this subject are started in parallel (default: camel-nats' 10, so the
 * route files set it). Not for JetStream: the client acknowledges a JetStream message when the handler returns, which
 * must be after the route (see {@link SharedConnectionNatsEndpoint}).
 */
final class AsyncNatsConsumer extends DefaultConsumer {

    private final NatsConfiguration configuration;
    private final List<Dispatcher> dispatchers = new ArrayList<>();
    private Connection connection;
    /** A connection of the endpoint's own (no shared one was given): closed with the consumer. */
    private boolean ownConnection;

    AsyncNatsConsumer(SharedConnectionNatsEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.configuration = endpoint.getConfiguration();
    }

    @Override
    public SharedConnectionNatsEndpoint getEndpoint() {
        return (SharedConnectionNatsEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        connection = configuration.getConnection();
        if (connection == null) {
            connection = getEndpoint().getConnection();
            ownConnection = true;
        }
        String topic = configuration.getTopic();
        String queue = configuration.getQueueName();
        boolean grouped = queue != null && !queue.isEmpty();
        // without a queue group every subscription would get every message: then one
        int subscriptions = grouped ? Math.max(1, configuration.getPoolSize()) : 1;
        for (int i = 0; i < subscriptions; i++) {
            Dispatcher dispatcher = connection.createDispatcher();
            if (grouped) {
                dispatcher.subscribe(topic, queue, this::onMessage);
            } else {
                dispatcher.subscribe(topic, this::onMessage);
            }
            dispatchers.add(dispatcher);
        }
    }

    @Override
    protected void doStop() throws Exception {
        // the subscriptions end here; exchanges still in their routes finish and answer on the shared connection
        for (Dispatcher dispatcher : dispatchers) {
            try {
                connection.closeDispatcher(dispatcher);
            } catch (RuntimeException e) {
                // the connection is already closed (gateway shutdown): nothing left to unsubscribe
                getExceptionHandler().handleException("could not close a NATS dispatcher of "
                        + configuration.getTopic(), e);
            }
        }
        dispatchers.clear();
        if (ownConnection && connection != null) {
            connection.close();
        }
        connection = null;
        super.doStop();
    }

    /** On the dispatcher's thread: starts the exchange and returns when the route has gone asynchronous. */
    private void onMessage(Message message) {
        Exchange exchange = createExchange(false);
        try {
            fill(exchange, message);
        } catch (RuntimeException e) {
            exchange.setException(e);
            done(exchange, message);
            return;
        }
        // work a route defers until after the answer (a completion event) runs on this thread once the synchronous
        // part is done, instead of waking another thread for it
        AfterCurrentTask.run(() -> getAsyncProcessor().process(exchange, doneSync -> done(exchange, message)));
    }

    /** When the route is done, on whichever thread finished it. */
    private void done(Exchange exchange, Message message) {
        try {
            if (!configuration.isReplyToDisabled() && message.getReplyTo() != null && exchange.getException() == null) {
                byte[] reply = exchange.getMessage().getBody(byte[].class);
                if (reply != null) {
                    message.getConnection().publish(message.getReplyTo(), reply);
                }
            }
            if (exchange.getException() != null) {
                getExceptionHandler().handleException("Error processing NATS message on " + message.getSubject(),
                        exchange, exchange.getException());
            }
        } catch (RuntimeException e) {
            getExceptionHandler().handleException("Error answering NATS message on " + message.getSubject(),
                    exchange, e);
        } finally {
            releaseExchange(exchange, false);
        }
    }

    /** The message as camel-nats puts it on an exchange. */
    private void fill(Exchange exchange, Message message) {
        org.apache.camel.Message in = exchange.getIn();
        in.setBody(message.getData());
        in.setHeader(NatsConstants.NATS_REPLY_TO, message.getReplyTo());
        in.setHeader(NatsConstants.NATS_SID, message.getSID());
        in.setHeader(NatsConstants.NATS_SUBJECT, message.getSubject());
        in.setHeader(NatsConstants.NATS_QUEUE_NAME, message.getSubscription().getQueueName());
        in.setHeader(NatsConstants.NATS_MESSAGE_TIMESTAMP, System.currentTimeMillis());
        if (message.isStatusMessage() && message.getStatus() != null) {
            in.setHeader(NatsConstants.NATS_STATUS_CODE, message.getStatus().getCode());
            in.setHeader(NatsConstants.NATS_STATUS_ERROR, message.getStatus().getMessage());
        }
        if (message.getHeaders() == null) {
            return;
        }
        HeaderFilterStrategy filter = configuration.getHeaderFilterStrategy();
        message.getHeaders().entrySet().forEach(header -> {
            List<String> values = header.getValue();
            if (filter == null || !filter.applyFilterToExternalHeaders(header.getKey(), values, exchange)) {
                in.setHeader(header.getKey(), values.size() == 1 ? values.get(0) : values);
            }
        });
    }
}
