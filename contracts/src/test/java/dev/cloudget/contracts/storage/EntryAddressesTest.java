package dev.cloudget.contracts.storage;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EntryAddressesTest {

    private static final String KEY = "unit-test-entry-signing-key-0123456789";
    private static final UUID ENTRY = UUID.fromString("7d3f3c5e-8d0e-4a57-bb8e-4a3e0f3c1a2b");
    private static final Instant EXPIRES = Instant.parse("2027-01-01T00:00:00Z");

    private final EntryAddresses addresses = new EntryAddresses(KEY);

    @Test
    void signsTheEntryItsOwnerAndTheExpiry() {
        String path = addresses.pathOf(ENTRY, "alice", "album/01 intro.flac", EXPIRES);
        String signature = path.substring(path.indexOf("signature=") + "signature=".length());

        assertThat(path).startsWith("/d/" + ENTRY + "/01%20intro.flac?expires=" + EXPIRES.getEpochSecond() + "&signature=");
        assertThat(addresses.verifies(ENTRY, "alice", EXPIRES.getEpochSecond(), signature)).isTrue();
        assertThat(addresses.verifies(ENTRY, "bob", EXPIRES.getEpochSecond(), signature)).isFalse();
        assertThat(addresses.verifies(ENTRY, "alice", EXPIRES.getEpochSecond() + 1, signature)).isFalse();
        assertThat(addresses.verifies(UUID.randomUUID(), "alice", EXPIRES.getEpochSecond(), signature)).isFalse();
        assertThat(new EntryAddresses(KEY + "x").verifies(ENTRY, "alice", EXPIRES.getEpochSecond(), signature))
                .isFalse();
        assertThat(addresses.verifies(ENTRY, "alice", EXPIRES.getEpochSecond(), null)).isFalse();
    }

    @Test
    void signsAZipForItsBundleAndNeitherKindOfSignaturePassesForTheOther() {
        String path = addresses.zipPathOf(ENTRY, "alice", "my album", EXPIRES);
        String signature = path.substring(path.indexOf("signature=") + "signature=".length());
        String entrySignature = addresses.pathOf(ENTRY, "alice", "x", EXPIRES).replaceAll(".*signature=", "");

        assertThat(path).startsWith("/z/" + ENTRY + "/my%20album.zip?expires=" + EXPIRES.getEpochSecond());
        assertThat(addresses.verifiesZip(ENTRY, "alice", EXPIRES.getEpochSecond(), signature)).isTrue();
        assertThat(addresses.verifiesZip(ENTRY, "bob", EXPIRES.getEpochSecond(), signature)).isFalse();
        assertThat(addresses.verifiesZip(ENTRY, "alice", EXPIRES.getEpochSecond() - 1, signature)).isFalse();
        assertThat(addresses.verifies(ENTRY, "alice", EXPIRES.getEpochSecond(), signature)).isFalse();
        assertThat(addresses.verifiesZip(ENTRY, "alice", EXPIRES.getEpochSecond(), entrySignature)).isFalse();
        assertThat(addresses.zipPathOf(ENTRY, "alice", "a.zip", EXPIRES)).contains("/a.zip?");
    }

    @Test
    void givesAPathEveryClientParsesWhateverTheFileIsCalled() {
        for (String name : new String[] {"a b?c#d&e=f.iso", "日本語.mkv", "100%.zip", "..", "x/", "semi;colon"}) {
            URI uri = URI.create("https://cloudget.test" + addresses.pathOf(ENTRY, "alice", name, EXPIRES));
            assertThat(uri.getRawPath()).as(name).startsWith("/d/" + ENTRY + "/").doesNotContain("/..");
            assertThat(uri.getRawPath().split("/")).as(name).hasSize(4);
            assertThat(uri.getQuery()).as(name).startsWith("expires=");
        }
    }

    @Test
    void namesTheArchiveAfterTheFolderAllFilesShare() {
        assertThat(EntryAddresses.archiveNameOf(List.of("album/a", "album/cd/b"))).isEqualTo("album");
        assertThat(EntryAddresses.archiveNameOf(List.of("album/a", "other/b"))).isEqualTo("download");
        assertThat(EntryAddresses.archiveNameOf(List.of("a", "b"))).isEqualTo("download");
        assertThat(EntryAddresses.archiveNameOf(List.of("dir/only.iso"))).isEqualTo("only.iso");
    }

    @Test
    void refusesAShortKey() {
        assertThatThrownBy(() -> new EntryAddresses("too-short")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CLOUDGET_ENTRY_SIGNING_KEY");
    }
}
