package io.parley.gateway.socket;

/**
 * A socket's subscription to one channel, as the socket keeps it ({@link ClientSocket#subscriptions()}, one per
 * channel). What it holds beyond its channel (the delivery's position and held events) is the delivery's business.
 */
public interface Subscription {

    String channelId();
}
