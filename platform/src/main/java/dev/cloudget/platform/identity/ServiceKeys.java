package dev.cloudget.platform.identity;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The services' P-256 keys as configuration carries them: a private key as base64 PKCS#8
 * ({@code CLOUDGET_SERVICE_PRIVATE_KEY}), the public keys of the services a service trusts as
 * {@code name=base64 X.509,name=…} ({@code CLOUDGET_SERVICE_PUBLIC_KEYS}). {@code openssl} writes the same encodings:
 * {@code openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -outform DER | base64 -w0} and
 * {@code openssl pkey -pubout -outform DER | base64 -w0}.
 */
public final class ServiceKeys {

    private ServiceKeys() {
    }

    public static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make P-256 keys", e);
        }
    }

    public static String encode(java.security.Key key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    public static ECPrivateKey privateKey(String base64) {
        try {
            return (ECPrivateKey) KeyFactory.getInstance("EC")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64.strip())));
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalArgumentException("cloudget.service-identity.private-key (CLOUDGET_SERVICE_PRIVATE_KEY) "
                    + "is not a base64 PKCS#8 EC private key", e);
        }
    }

    public static ECPublicKey publicKey(String base64) {
        try {
            return (ECPublicKey) KeyFactory.getInstance("EC")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64.strip())));
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalArgumentException("not a base64 X.509 EC public key", e);
        }
    }

    /** {@code name=base64,name=base64} (blank: none). */
    public static Map<String, ECPublicKey> publicKeys(String list) {
        Map<String, ECPublicKey> keys = new LinkedHashMap<>();
        if (list == null || list.isBlank()) {
            return keys;
        }
        for (String entry : list.split(",")) {
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("cloudget.service-identity.public-keys (CLOUDGET_SERVICE_PUBLIC_KEYS)"
                        + " must be name=base64 pairs separated by commas");
            }
            String name = entry.substring(0, equals).strip();
            try {
                keys.put(name, publicKey(entry.substring(equals + 1)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the public key of " + name + " in "
                        + "cloudget.service-identity.public-keys is not a base64 X.509 EC public key", e);
            }
        }
        return keys;
    }

    /** The {@code name=base64,…} form of {@code keys}. */
    public static String publicKeyList(Map<String, KeyPair> keys) {
        StringBuilder list = new StringBuilder();
        keys.forEach((name, pair) -> list.append(list.isEmpty() ? "" : ",").append(name).append('=')
                .append(encode(pair.getPublic())));
        return list.toString();
    }
}
