package dev.cloudget.contracts.source;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetalinksTest {

    private static final String SHA = "a".repeat(64);

    @Test
    void readsAnRfc5854DocumentWithHashesPiecesAndUrlsByPriority() {
        List<MetalinkFile> files = Metalinks.parse(bytes("""
                <?xml version="1.0" encoding="UTF-8"?>
                <metalink xmlns="urn:ietf:params:xml:ns:metalink">
                  <published>2026-11-27T00:00:00Z</published>
                  <file name="dir/example.iso">
                    <size>2500</size>
                    <identity>Example</identity>
                    <hash type="sha-1">%s</hash>
                    <hash type="sha-256">%s</hash>
                    <pieces length="1000" type="sha-1">
                      <hash>%s</hash>
                      <hash>%s</hash>
                      <hash>%s</hash>
                    </pieces>
                    <url priority="2">http://b.example/example.iso</url>
                    <url location="de" priority="1">https://a.example/example.iso</url>
                    <url priority="3">rsync://c.example/example.iso</url>
                    <metaurl mediatype="torrent" priority="1">http://a.example/example.torrent</metaurl>
                    <url>ftp://d.example/example.iso</url>
                  </file>
                </metalink>
                """.formatted("1".repeat(40), SHA, "2".repeat(40), "3".repeat(40), "4".repeat(40))));

        assertThat(files).hasSize(1);
        MetalinkFile file = files.getFirst();
        assertThat(file.name()).isEqualTo("dir/example.iso");
        assertThat(file.size()).isEqualTo(2500);
        assertThat(file.sha256().hex()).isEqualTo(SHA);
        assertThat(file.pieces().algorithm()).isEqualTo("sha-1");
        assertThat(file.pieces().length()).isEqualTo(1000);
        assertThat(file.pieces().hashes()).containsExactly("2".repeat(40), "3".repeat(40), "4".repeat(40));
        assertThat(file.urls()).containsExactly(URI.create("https://a.example/example.iso"),
                URI.create("http://b.example/example.iso"), URI.create("ftp://d.example/example.iso"));
        assertThat(MetalinkSource.read(files).key().value()).isEqualTo("sha256:" + SHA);
    }

    @Test
    void readsAMetalink3Document() {
        List<MetalinkFile> files = Metalinks.parse(bytes("""
                <?xml version="1.0" encoding="UTF-8"?>
                <metalink version="3.0" xmlns="http://www.metalinker.org/">
                  <files>
                    <file name="a.bin">
                      <size>10</size>
                      <verification>
                        <hash type="sha256">%s</hash>
                        <pieces length="5" type="sha1">
                          <hash piece="0">%s</hash>
                          <hash piece="1">%s</hash>
                        </pieces>
                      </verification>
                      <resources>
                        <url type="http" preference="10">http://slow.example/a.bin</url>
                        <url type="http" preference="100">http://fast.example/a.bin</url>
                      </resources>
                    </file>
                    <file name="b.bin">
                      <resources><url type="ftp">ftp://f.example/b.bin</url></resources>
                    </file>
                  </files>
                </metalink>
                """.formatted(SHA, "5".repeat(40), "6".repeat(40))));

        assertThat(files).extracting(MetalinkFile::name).containsExactly("a.bin", "b.bin");
        assertThat(files.getFirst().sha256().hex()).isEqualTo(SHA);
        assertThat(files.getFirst().pieces().hashes()).hasSize(2);
        assertThat(files.getFirst().urls()).containsExactly(URI.create("http://fast.example/a.bin"),
                URI.create("http://slow.example/a.bin"));
        assertThat(files.get(1).size()).isEqualTo(-1);
        assertThat(MetalinkSource.read(files).key().value()).startsWith("metalink:");
    }

    @Test
    void refusesExternalEntitiesAndDoctypes() {
        assertThatThrownBy(() -> Metalinks.parse(bytes("""
                <?xml version="1.0"?>
                <!DOCTYPE metalink [<!ENTITY x SYSTEM "file:///etc/passwd">]>
                <metalink xmlns="urn:ietf:params:xml:ns:metalink">
                  <file name="&x;"><url>http://a.example/x</url></file>
                </metalink>
                """))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesNamesThatLeaveTheDownload() {
        for (String name : List.of("../etc/passwd", "/etc/passwd", "a/../../b", "a//b", "a\\b")) {
            assertThatThrownBy(() -> Metalinks.parse(bytes("""
                    <metalink xmlns="urn:ietf:params:xml:ns:metalink">
                      <file name="%s"><url>http://a.example/x</url></file>
                    </metalink>""".formatted(name))))
                    .as(name).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not allowed");
        }
    }

    @Test
    void refusesPiecesThatDoNotMakeTheSizeAndFilesWithoutUrls() {
        assertThatThrownBy(() -> Metalinks.parse(bytes("""
                <metalink xmlns="urn:ietf:params:xml:ns:metalink">
                  <file name="x"><size>3000</size>
                    <pieces length="1000" type="sha-1"><hash>%s</hash></pieces>
                    <url>http://a.example/x</url></file>
                </metalink>""".formatted("1".repeat(40))))).hasMessageContaining("does not make 3000 bytes");
        assertThatThrownBy(() -> Metalinks.parse(bytes("""
                <metalink xmlns="urn:ietf:params:xml:ns:metalink">
                  <file name="x"><url>rsync://a.example/x</url></file>
                </metalink>"""))).hasMessageContaining("no http, https or ftp URL");
        assertThatThrownBy(() -> Metalinks.parse(bytes("<html><body/></html>"))).hasMessageContaining("not a Metalink");
        assertThatThrownBy(() -> Metalinks.parse(bytes("<metalink"))).hasMessageContaining("well-formed");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
