package dev.cloudget.platform.guard;

/** A destination resolved to an address the worker must not reach (SSRF guard). The message names the address. */
public class BlockedAddressException extends Exception {

    public BlockedAddressException(String message) {
        super(message, null, false, false);
    }
}
