package dev.cloudget.gateway.limits;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The request body limit of a route that sets none in its metadata ({@value RequestBodyLimitFilter#METADATA_KEY}):
 * the JSON API's. Upload and report routes set their own (see application.yml).
 */
@ConfigurationProperties("cloudget.limits")
record LimitsProperties(@DefaultValue("1MB") DataSize maxRequestSize) {
}
