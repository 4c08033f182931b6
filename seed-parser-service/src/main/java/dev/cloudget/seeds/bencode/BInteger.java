package dev.cloudget.seeds.bencode;

/** A bencoded integer; the parser accepts only those that fit in a {@code long}. */
public final class BInteger extends Bencode {

    private final long value;

    BInteger(long value, int start, int end) {
        super(start, end);
        this.value = value;
    }

    public static BInteger of(long value) {
        return new BInteger(value, -1, -1);
    }

    public long value() {
        return value;
    }

    @Override
    public String kind() {
        return "integer";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BInteger that && value == that.value;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
