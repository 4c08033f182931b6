package dev.cloudget.contracts.storage;

import dev.cloudget.contracts.ContentHash;
import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.LeaseEpoch;

/**
 * Worker → storage-service ({@code POST /internal/contents}): the object the worker uploaded at {@code objectKey}
 * (under {@code uploads/}) holds {@code size} bytes hashing to {@code sha256}, with the CRC-32 {@code crc32} (what a
 * ZIP of it needs before its bytes; null when the worker did not compute it), fetched for {@code job} under lease
 * {@code epoch}. storage-service adopts it as the content's object, or removes it when that content is stored
 * already; when that lease is no longer the job's current one (the worker lost the job) it refuses it (409
 * {@code lease-lost}) and removes the object.
 */
public record RegisterContent(String objectKey, ContentHash sha256, long size, Long crc32, JobId job,
        LeaseEpoch epoch) {
}
