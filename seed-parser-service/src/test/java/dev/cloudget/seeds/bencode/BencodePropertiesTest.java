package dev.cloudget.seeds.bencode;

import dev.cloudget.seeds.torrent.TorrentMother;
import dev.cloudget.seeds.torrent.TorrentReader;
import dev.cloudget.seeds.torrent.TorrentRefusedException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Properties of the parser over random inputs: valid values round-trip, and no mutation or truncation of a valid
 * torrent makes the parser or the reader throw anything but their own refusal, or run long. Generated from a
 * seeded {@link SplittableRandom}: a new seed every run (printed on failure; rerun one with
 * {@code -Dbencode.seed=<seed>}), thousands of cases in well under the time bound.
 */
class BencodePropertiesTest {

    private static final int VALUES = 3_000;
    private static final int MUTANTS = 5_000;
    /** Far above what the cases take (well under a second each run), far below a hang. */
    private static final Duration BOUND = Duration.ofSeconds(20);

    private static final byte[] BENCODE_BYTES = "ilde0123456789:-".getBytes(StandardCharsets.US_ASCII);

    private final long seed = Long.getLong("bencode.seed", System.nanoTime());
    private final SplittableRandom random = new SplittableRandom(seed);
    private final BencodeParser parser = new BencodeParser(BencodeLimits.DEFAULT);
    private final TorrentReader reader = new TorrentReader(parser, TorrentReader.DEFAULT_MAX_FILES);

    @Test
    void everyValidValueReadsBackEqualAndEncodesBackToTheSameBytes() {
        assertTimeoutPreemptively(BOUND, () -> {
            for (int n = 0; n < VALUES; n++) {
                Bencode value = value(0);
                byte[] encoded = BencodeWriter.encode(value);

                Bencode parsed = parser.parse(encoded);

                assertThat(parsed).as("seed %d, case %d", seed, n).isEqualTo(value);
                assertThat(BencodeWriter.encode(parsed)).as("seed %d, case %d", seed, n).isEqualTo(encoded);
                assertThat(parsed.start()).isZero();
                assertThat(parsed.end()).isEqualTo(encoded.length);
            }
        }, () -> "seed " + seed);
    }

    @Test
    void mutatedOrTruncatedTorrentsAreReadOrRefusedButNeverThrowAnythingElse() {
        List<byte[]> originals = List.of(TorrentMother.singleFile().bytes(), TorrentMother.multiFile().bytes(),
                TorrentMother.hybrid("hybrid").bytes());
        assertTimeoutPreemptively(BOUND, () -> {
            int refused = 0;
            for (int n = 0; n < MUTANTS; n++) {
                byte[] mutant = mutate(originals.get(random.nextInt(originals.size())));
                try {
                    parser.parse(mutant);
                } catch (BencodeException expected) {
                    assertThat(expected.offset()).isBetween(0L, (long) mutant.length);
                } catch (RuntimeException | StackOverflowError | OutOfMemoryError other) {
                    throw new AssertionError("seed " + seed + ", case " + n + ": parser threw " + other
                            + " for " + Arrays.toString(mutant), other);
                }
                try {
                    reader.read(mutant);
                } catch (TorrentRefusedException expected) {
                    refused++;
                } catch (RuntimeException | StackOverflowError | OutOfMemoryError other) {
                    throw new AssertionError("seed " + seed + ", case " + n + ": reader threw " + other
                            + " for " + Arrays.toString(mutant), other);
                }
            }
            // the mutations must actually break torrents, or this property says nothing
            assertThat(refused).as("seed %d", seed).isGreaterThan(MUTANTS / 2);
        }, () -> "seed " + seed);
    }

    private byte[] mutate(byte[] original) {
        byte[] bytes = original.clone();
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations && bytes.length > 0; m++) {
            int at = random.nextInt(bytes.length);
            bytes = switch (random.nextInt(6)) {
                case 0 -> {
                    bytes[at] ^= (byte) (1 << random.nextInt(8));
                    yield bytes;
                }
                case 1 -> {
                    // a byte that means something to bencode
                    bytes[at] = BENCODE_BYTES[random.nextInt(BENCODE_BYTES.length)];
                    yield bytes;
                }
                case 2 -> Arrays.copyOf(bytes, at);
                case 3 -> splice(bytes, at, new byte[] {(byte) random.nextInt(256)});
                case 4 -> {
                    byte[] shorter = new byte[bytes.length - 1];
                    System.arraycopy(bytes, 0, shorter, 0, at);
                    System.arraycopy(bytes, at + 1, shorter, at, bytes.length - at - 1);
                    yield shorter;
                }
                default -> splice(bytes, at, Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + 1
                        + random.nextInt(40))));
            };
        }
        return bytes;
    }


    private static byte[] splice(byte[] bytes, int at, byte[] inserted) {
        byte[] longer = new byte[bytes.length + inserted.length];
        System.arraycopy(bytes, 0, longer, 0, at);
        System.arraycopy(inserted, 0, longer, at, inserted.length);
        System.arraycopy(bytes, at, longer, at + inserted.length, bytes.length - at);
        return longer;
    }

    /** A random value, smaller the deeper it sits, so that generation ends. */
    private Bencode value(int depth) {
        int kind = depth >= 6 ? random.nextInt(2) : random.nextInt(4);
        return switch (kind) {
            case 0 -> BString.of(bytes(random.nextInt(random.nextBoolean() ? 4 : 64)));
            case 1 -> BInteger.of(switch (random.nextInt(4)) {
                case 0 -> random.nextInt(-10, 11);
                case 1 -> random.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE;
                default -> random.nextLong();
            });
            case 2 -> {
                List<Bencode> items = new ArrayList<>();
                int size = random.nextInt(5);
                for (int i = 0; i < size; i++) {
                    items.add(value(depth + 1));
                }
                yield BList.of(items);
            }
            default -> {
                Map<BString, Bencode> entries = new TreeMap<>();
                int size = random.nextInt(5);
                for (int i = 0; i < size; i++) {
                    entries.put(BString.of(bytes(random.nextInt(8))), value(depth + 1));
                }
                yield BDictionary.of(entries);
            }
        };
    }

    private byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }
}
