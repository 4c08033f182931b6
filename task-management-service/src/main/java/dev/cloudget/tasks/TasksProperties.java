package dev.cloudget.tasks;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;

/**
 * Where this service's collaborators live and how eagerly its background work runs.
 *
 * @param publicUrl             the gateway URL clients see; entry addresses in tasks and emails start with it
 * @param protocolConversionUrl protocol-conversion-service, which classifies links
 * @param seedParserUrl         seed-parser-service, the BT seed database that tasks for uploaded torrents name
 * @param storageUrl            storage-service, which mints and revokes entry addresses
 * @param remoteTimeout         read timeout of calls to those services
 * @param mailFrom              the sender of notification emails
 * @param validDay              how long one of a task's {@code validDays} lasts: a day, except where a test or a trial
 *                              wants valid periods to pass in seconds
 */
@ConfigurationProperties("cloudget")
public record TasksProperties(
        URI publicUrl,
        URI protocolConversionUrl,
        URI seedParserUrl,
        URI storageUrl,
        @DefaultValue("10s") Duration remoteTimeout,
        String mailFrom,
        @DefaultValue("P1D") Duration validDay) {

    /** The absolute entry address of a path that is relative to the gateway ({@code /api/v1/files/…}). */
    public String publicAddressOf(String path) {
        String base = publicUrl.toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
    }
}
