package dev.cloudget.contracts.worker;

/** One stored part of a multipart upload: its number (from 1), the ETag the store gave it and its size in bytes. */
public record UploadedPart(int number, String etag, long size) {
}
