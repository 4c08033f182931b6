package dev.cloudget.seeds.bencode;

import java.util.List;

/** A bencoded list. */
public final class BList extends Bencode {

    private final List<Bencode> items;

    BList(List<Bencode> items, int start, int end) {
        super(start, end);
        this.items = List.copyOf(items);
    }

    public static BList of(List<? extends Bencode> items) {
        return new BList(List.copyOf(items), -1, -1);
    }

    public List<Bencode> items() {
        return items;
    }

    public int size() {
        return items.size();
    }

    @Override
    public String kind() {
        return "list";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BList that && items.equals(that.items);
    }

    @Override
    public int hashCode() {
        return items.hashCode();
    }

    @Override
    public String toString() {
        return items.toString();
    }
}
