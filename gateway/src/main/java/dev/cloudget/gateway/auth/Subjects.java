package dev.cloudget.gateway.auth;

/** What a token subject (a user id) may look like: it is forwarded verbatim in a header. */
public final class Subjects {

    public static final int MAX_LENGTH = 200;

    private Subjects() {
    }

    /** 1..200 visible ASCII characters: no spaces or control characters to split a header with. */
    public static boolean isUserId(String sub) {
        return sub != null && !sub.isEmpty() && sub.length() <= MAX_LENGTH
                && sub.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }
}
