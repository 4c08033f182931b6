package dev.cloudget.tasks.notify;

/**
 * A message did not reach its subscriber. {@code permanent}: trying again would fail the same way (a refused
 * destination, a receiver that answered 4xx), so it is given up at once; otherwise it is retried with backoff.
 */
public class DeliveryFailure extends Exception {

    private final boolean permanent;

    public DeliveryFailure(String message, boolean permanent) {
        super(message);
        this.permanent = permanent;
    }

    public DeliveryFailure(String message, Throwable cause) {
        super(message, cause);
        this.permanent = false;
    }

    public boolean permanent() {
        return permanent;
    }
}
