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
    /**
     * The token's scopes, space-separated as in its {@code scope} claim (absent: none), so a service that serves
     * admin data checks the {@code admin} scope again rather than trusting that the gateway routed only admins there.
     */
    public static final String SCOPES = "X-Cloudget-Scopes";
    /**
     * A calling service's credential on {@code /internal/**}: a short-lived ES256 token naming the caller
     * ({@code iss}) and the called service ({@code aud}). Never set by the gateway, which strips it from clients.
     */
    public static final String SERVICE_TOKEN = "X-Cloudget-Service-Token";

    private GatewayHeaders() {
    }
}
