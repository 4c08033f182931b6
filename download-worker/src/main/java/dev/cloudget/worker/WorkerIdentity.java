package dev.cloudget.worker;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/** This worker's id (the Kafka key of its heartbeats, named in its job events) and its advertised address. */
public record WorkerIdentity(String id, URI address) {

    /** An explicit id wins; otherwise {@code <hostname>-<port>}, stable across restarts of one deployment. */
    public static WorkerIdentity of(WorkerProperties properties, int serverPort) {
        String id = properties.id();
        if (id == null || id.isBlank()) {
            id = hostName() + "-" + serverPort;
        }
        return new WorkerIdentity(id, properties.advertisedUrl());
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "worker";
        }
    }
}
