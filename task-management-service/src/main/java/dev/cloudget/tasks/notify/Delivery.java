package dev.cloudget.tasks.notify;

/** Sends messages of one channel. Implementations bound every wait: a dead receiver costs its own message only. */
interface Delivery {

    Channel channel();

    void deliver(Message message) throws DeliveryFailure;
}
