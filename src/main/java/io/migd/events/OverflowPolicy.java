package io.migd.events;

/** What happens when a subscriber's buffer is full. */
public enum OverflowPolicy {
    /** send a MIG_BACKPRESSURE error and end the subscription (the default) */
    DISCONNECT,
    /** drop the oldest buffered event and count it */
    DROP_OLDEST
}
