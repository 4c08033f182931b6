package dev.cloudget.tasks.notify;

/** How a message reaches its subscriber. */
public enum Channel {
    EMAIL, SMS, WEBHOOK
}
