package dev.cloudget.tasks.notify;

/** Hands a short text to an SMS provider. */
public interface SmsGateway {

    /**
     * @param to        an E.164 number
     * @param reference the message's idempotency key: providers that take a client reference can drop a repeat
     */
    void send(String to, String text, String reference) throws DeliveryFailure;
}
