package dev.cloudget.seeds.bencode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BencodeParserTest {

    private final BencodeParser parser = new BencodeParser(BencodeLimits.DEFAULT);

    private Bencode parse(String ascii) {
        return parser.parse(ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    private BencodeException refusal(String ascii) {
        return refusal(parser, ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static BencodeException refusal(BencodeParser parser, byte[] input) {
        return (BencodeException) assertThatThrownBy(() -> parser.parse(input))
                .isInstanceOf(BencodeException.class).actual();
    }

    @Test
    void readsEveryKindOfValue() {
        Bencode value = parse("d4:listli1ei-2e0:e3:numi42e3:str5:helloe");

        assertThat(value).isEqualTo(BDictionary.of(Map.of(
                BString.of("list"), BList.of(List.of(BInteger.of(1), BInteger.of(-2), BString.of(""))),
                BString.of("num"), BInteger.of(42),
                BString.of("str"), BString.of("hello"))));
    }

    @Test
    void readsTheExtremesOfALong() {
        assertThat(((BInteger) parse("i9223372036854775807e")).value()).isEqualTo(Long.MAX_VALUE);
        assertThat(((BInteger) parse("i-9223372036854775808e")).value()).isEqualTo(Long.MIN_VALUE);
        assertThat(((BInteger) parse("i0e")).value()).isZero();
    }

    @Test
    void recordsTheExactSpanOfEveryValue() {
        String input = "d4:infod1:ai1eee";
        BDictionary root = (BDictionary) parse(input);
        Bencode info = root.get("info").orElseThrow();

        assertThat(input.substring(info.start(), info.end())).isEqualTo("d1:ai1ee");
        assertThat(root.start()).isZero();
        assertThat(root.end()).isEqualTo(input.length());
    }

    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource(delimiter = '|', value = {
            "i03e          | (root)     | leading zero",
            "i-0e          | (root)     | negative zero",
            "i-03e         | (root)     | leading zero",
            "ie            | (root)     | without digits",
            "i-e           | (root)     | without digits",
            "i1.5e         | (root)     | unexpected byte",
            "i9223372036854775808e  | (root) | 64 bits",
            "i-9223372036854775809e | (root) | 64 bits",
            "i99999999999999999999999999e | (root) | 64 bits",
            "03:abc        | (root)     | leading zero",
            "5:abc         | (root)     | input ends",
            "3abc          | (root)     | unexpected byte",
            "-3:abc        | (root)     | unexpected byte",
            "l             | (root)     | input ends",
            "li1e          | (root)     | input ends",
            "d1:a          | a          | input ends",
            "d1:ai1e       | (root)     | input ends",
            "di1ei2ee      | (root)     | not a byte string",
            "dl1:ae1:be    | (root)     | not a byte string",
            "d1:bi1e1:ai2ee| a          | out of order",
            "d1:ai1e1:ai2ee| a          | duplicate",
            "d2:aai1e1:ai2ee | a        | out of order",
            "i1ei2e        | (root)     | trailing",
            "le garbage    | (root)     | trailing",
            "x             | (root)     | unexpected byte",
            "d4:infod5:filesld6:lengthi-01eeeee | info.files[0].length | leading zero",
    })
    void refusesWhatIsNotCanonicalBencode(String input, String path, String reason) {
        BencodeException refused = refusal(input);

        assertThat(refused.slug()).isEqualTo("torrent-malformed");
        assertThat(refused.path()).isEqualTo(path);
        assertThat(refused.detail()).contains(reason);
        assertThat(refused.offset()).isBetween(0L, (long) input.length());
    }

    @Test
    void refusesEmptyInputAsTruncated() {
        BencodeException refused = refusal(parser, new byte[0]);

        assertThat(refused.detail()).contains("input ends");
        assertThat(refused.offset()).isZero();
    }

    @Test
    void comparesKeysAsUnsignedBytes() {
        // 0xff sorts after 'z' as raw bytes, though negative as a Java byte
        byte[] sorted = concat("d1:zi1e1:".getBytes(StandardCharsets.ISO_8859_1), new byte[] {(byte) 0xff},
                "i2ee".getBytes(StandardCharsets.ISO_8859_1));
        byte[] unsorted = concat("d1:".getBytes(StandardCharsets.ISO_8859_1), new byte[] {(byte) 0xff},
                "i2e1:zi1ee".getBytes(StandardCharsets.ISO_8859_1));

        assertThat(parser.parse(sorted)).isInstanceOf(BDictionary.class);
        assertThat(refusal(parser, unsorted).detail()).contains("out of order");
    }

    @Test
    void refusesNestingDeeperThanTheLimitWithoutOverflowingTheStack() {
        String bomb = "l".repeat(100_000) + "e".repeat(100_000);

        BencodeException refused = refusal(bomb);

        assertThat(refused.detail()).contains("nested deeper than 32");
        assertThat(refused.offset()).isEqualTo(32);
    }

    @Test
    void acceptsNestingUpToTheLimit() {
        assertThat(parse("l".repeat(32) + "e".repeat(32))).isInstanceOf(BList.class);
    }

    @Test
    void refusesMoreValuesThanTheLimit() {
        BencodeParser small = new BencodeParser(new BencodeLimits(1024, 32, 10, 1024));

        assertThat(small.parse("li1ei2ei3ee".getBytes(StandardCharsets.US_ASCII))).isInstanceOf(BList.class);
        assertThat(refusal(small, "l".concat("i1e".repeat(10)).concat("e").getBytes(StandardCharsets.US_ASCII))
                .detail()).contains("more than 10 values");
    }

    @Test
    void refusesAStringLongerThanTheLimitBeforeAllocatingIt() {
        BencodeParser small = new BencodeParser(new BencodeLimits(1024, 32, 100, 16));

        BencodeException refused = refusal(small, "999999999999999999999:x".getBytes(StandardCharsets.US_ASCII));

        assertThat(refused.detail()).contains("longer than 16 bytes");
        assertThat(refused.slug()).isEqualTo("torrent-malformed");
    }

    @Test
    void refusesInputOverTheSizeLimitAsTooLarge() {
        BencodeParser small = new BencodeParser(new BencodeLimits(8, 32, 100, 8));
        byte[] input = "9:123456789".getBytes(StandardCharsets.US_ASCII);

        BencodeException refused = refusal(small, input);

        assertThat(refused.slug()).isEqualTo("torrent-too-large");
    }

    @Test
    void refusesUnsortedKeysDeepInside() {
        BencodeException refused = refusal("d4:infod5:filesld4:pathl1:ae6:lengthi1eeeee");

        assertThat(refused.path()).isEqualTo("info.files[0].length");
        assertThat(refused.detail()).contains("out of order");
    }

    @Test
    void writesCanonicalBencodeThatReadsBackEqual() {
        Bencode value = BDictionary.of(Map.of(BString.of("b"), BInteger.of(-7), BString.of("a"),
                BList.of(List.of(BString.of(new byte[] {0, (byte) 0xff}), BInteger.of(Long.MIN_VALUE)))));

        byte[] encoded = BencodeWriter.encode(value);

        assertThat(new String(encoded, StandardCharsets.ISO_8859_1))
                .isEqualTo("d1:al2:\u0000\u00ffi-9223372036854775808ee1:bi-7ee");
        assertThat(parser.parse(encoded)).isEqualTo(value);
    }

    private static byte[] concat(byte[]... parts) {
        byte[] all = new byte[Arrays.stream(parts).mapToInt(part -> part.length).sum()];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
