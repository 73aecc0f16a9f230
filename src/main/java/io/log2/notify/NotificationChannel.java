package io.log2.notify;

/**
 * One kind of channel (webhook, slack, email, sns): a CDI bean found by its {@link #type()}. A new kind of channel is
 * one more bean; the dispatcher never names one.
 */
public interface NotificationChannel {

    String type();

    /** Refuses a channel this kind cannot send to, naming the field; called before a channel is stored. */
    void check(Channel channel);

    /** Sends one message; any exception is a failed attempt, retried with back-off. */
    void send(Channel channel, Notification notification) throws Exception;
}
