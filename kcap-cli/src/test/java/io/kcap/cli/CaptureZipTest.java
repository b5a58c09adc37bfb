package io.kcap.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CaptureZipTest {
  @TempDir Path dir;

  private static byte[] zip(Map<String, byte[]> entries) throws IOException {
    var bytes = new ByteArrayOutputStream();
    try (var zip = new ZipOutputStream(bytes)) {
      for (var entry : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(entry.getKey()));
        zip.write(entry.getValue());
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static Map<String, byte[]> entries(Object... nameThenContent) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (int i = 0; i < nameThenContent.length; i += 2) {
      entries.put((String) nameThenContent[i], (byte[]) nameThenContent[i + 1]);
    }
    return entries;
  }

  private List<Path> everythingUnder(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> !p.equals(root)).sorted().toList();
    }
  }

  @Test
  void extractsEntriesAsNodeDirectoriesWithTheirFiles() throws IOException {
    byte[] zip = zip(entries("node-a/x.pcap", new byte[] {1}, "node-b/y.pcap", new byte[] {2, 3}));

    List<CaptureZip.Extracted> files =
        CaptureZip.extract(new ByteArrayInputStream(zip), dir.resolve("out"), false);

    assertThat(files)
        .extracting(CaptureZip.Extracted::entryName, CaptureZip.Extracted::size)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("node-a/x.pcap", 1L),
            org.assertj.core.groups.Tuple.tuple("node-b/y.pcap", 2L));
    assertThat(dir.resolve("out/node-a/x.pcap")).hasBinaryContent(new byte[] {1});
    assertThat(dir.resolve("out/node-b/y.pcap")).hasBinaryContent(new byte[] {2, 3});
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../evil.pcap",
        "node-a/../../evil.pcap",
        "/etc/evil",
        "node-a/sub/evil.pcap",
        "evil.pcap",
        "node-a/",
        "../x",
        "node-a/..",
        "./x",
        "node-a/.hidden",
        "node-a\\..\\evil",
        "C:/evil"
      })
  void refusesEntryNamesThatAreNotTwoPlainNamesAndWritesNothing(String name) throws IOException {
    Path out = dir.resolve("out");
    byte[] zip = zip(entries("node-a/good.pcap", new byte[] {1}, name, new byte[] {6, 6, 6}));

    assertThatThrownBy(() -> CaptureZip.extract(new ByteArrayInputStream(zip), out, false))
        .isInstanceOf(CliException.class)
        .hasMessageStartingWith("refusing the zip entry \"");
    assertThat(out).as("made for the copy, removed again").doesNotExist();
    assertThat(everythingUnder(dir)).isEmpty();
  }

  @Test
  void aBrokenDownloadLeavesNoFileBehind() throws IOException {
    byte[] big = new byte[1 << 20];
    Arrays.fill(big, (byte) 7);
    byte[] zip = zip(entries("node-a/a.pcap", new byte[] {1}, "node-a/b.pcap", big));
    InputStream cut = new ByteArrayInputStream(Arrays.copyOf(zip, zip.length / 2));
    Path out = Files.createDirectories(dir.resolve("out"));

    assertThatThrownBy(() -> CaptureZip.extract(cut, out, false)).isInstanceOf(IOException.class);
    assertThat(everythingUnder(out)).isEmpty();
  }

  @Test
  void aNameTwiceInTheZipIsRefused() throws IOException {
    var bytes = new ByteArrayOutputStream();
    try (var zip = new ZipOutputStream(bytes)) {
      // ZipOutputStream refuses duplicates; a second stream's entry is appended by hand instead.
      zip.putNextEntry(new ZipEntry("node-a/a.pcap"));
      zip.write(1);
      zip.closeEntry();
      zip.putNextEntry(new ZipEntry("node-a/A.pcap"));
      zip.write(2);
      zip.closeEntry();
    }
    byte[] twice = bytes.toByteArray();
    // Same length names: turn the second into the first in the local header and the directory.
    String text = new String(twice, java.nio.charset.StandardCharsets.ISO_8859_1);
    byte[] patched =
        text.replace("node-a/A.pcap", "node-a/a.pcap")
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

    assertThatThrownBy(
            () -> CaptureZip.extract(new ByteArrayInputStream(patched), dir.resolve("o"), false))
        .hasMessage("the zip holds \"node-a/a.pcap\" twice; nothing was copied");
    assertThat(everythingUnder(dir)).isEmpty();
  }
}
