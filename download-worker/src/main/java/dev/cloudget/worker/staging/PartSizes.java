package dev.cloudget.worker.staging;

/**
 * How an upload is cut into multipart parts. S3 allows at most 10,000 parts per object and at most
 * 5 TiB per object. A part is {@code minimum} for every file that fits in 10,000 of them, and above that
 * just large enough, in whole MiB, to fit in 10,000 parts (100 GiB → 11 MiB, 1 TiB → 105 MiB, 5 TiB → 525 MiB).
 * Parts are streamed or spooled on scratch disk, never held in memory (see {@link StagingStore}).
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
}
