package dev.cloudget.contracts.web;

/**
 * Headers the gateway sets on every request it forwards. Services trust the user id only when the
 * request also carries the gateway's shared secret; the gateway strips both from client requests.
 */
public final class GatewayHeaders {

    /** The authenticated user's id (the JWT subject). */
    public static final String USER_ID = "X-Cloudget-User";
    /** Proof that the request came through the gateway. */
    public static final String GATEWAY_SECRET = "X-Cloudget-Gateway-Secret";

    private GatewayHeaders() {
    }
}
