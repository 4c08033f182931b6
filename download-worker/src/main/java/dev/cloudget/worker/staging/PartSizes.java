package dev.cloudget.worker.staging;

/**
 * How an upload is cut into multipart parts. S3 allows at most 10,000 parts per object and at most
 * 5 TiB per object. minio buffers one whole part in memory per upload, so the part is kept as small as the
 * length allows: {@code minimum} (5 MiB) for every file up to 10,000 × 5 MiB ≈ 48.8 GiB, and above that
 * just large enough, in whole MiB, to fit in 10,000 parts (100 GiB → 11 MiB, 1 TiB → 105 MiB).
 */
public final class PartSizes {

    public static final int MAX_PARTS = 10_000;
    public static final long MAX_OBJECT_SIZE = 5L << 40;

    private static final long MIB = 1L << 20;

    private PartSizes() {
    }

    /**
     * The part size for a body of known {@code length}.
     *
     * @throws ObjectTooLargeException when no S3 object can hold {@code length} bytes
     */
    public static long forLength(long length, long minimum) throws ObjectTooLargeException {
        if (length > MAX_OBJECT_SIZE) {
            throw new ObjectTooLargeException("the origin announces " + length
                    + " bytes, more than the 5 TiB an object in storage can hold");
        }
        long fitting = Math.ceilDiv(Math.ceilDiv(length, MAX_PARTS), MIB) * MIB;
        return Math.max(minimum, fitting);
    }

    /**
     * The most bytes an upload of unknown length can take: without the length up front the part size
     * cannot be chosen, so it is {@code partSize} and the object is capped at 10,000 of them (48.8 GiB
     * with 5 MiB parts).
     */
    public static long unknownLengthLimit(long partSize) {
        return partSize * MAX_PARTS;
    }
}
