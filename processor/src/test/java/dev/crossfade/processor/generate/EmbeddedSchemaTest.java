package dev.crossfade.processor.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The schema the registry embeds: the same JSON without whitespace between tokens, cut into class-file constants. */
class EmbeddedSchemaTest {

  @Test
  void compactDropsTheWhitespaceBetweenTokensAndKeepsStringsAsTheyAre() {
    String pretty = "{\n  \"a b\" : \"x  y\\\" \\\\ z\\n\",\n  \"list\" : [ 1, true, null ],\n\t\"é\" : \"😀 \"\n}\n";
    assertEquals("{\"a b\":\"x  y\\\" \\\\ z\\n\",\"list\":[1,true,null],\"é\":\"😀 \"}",
        RegistrySources.compact(pretty));
  }

  @Test
  void chunksJoinBackToTheTextAndEachFitsAClassFileConstant() {
    StringBuilder text = new StringBuilder();
    while (text.length() < 3 * RegistrySources.CHUNK) {
      text.append("{\"k\":\"ab😀c\"},"); // a surrogate pair falls on some chunk boundary
    }
    List<String> chunks = RegistrySources.chunks(text.toString());
    assertEquals(text.toString(), String.join("", chunks));
    assertTrue(chunks.size() >= 3, "cut into pieces: " + chunks.size());
    for (String c : chunks) {
      assertTrue(c.length() <= RegistrySources.CHUNK, "at most CHUNK characters: " + c.length());
      assertTrue(3 * c.length() <= 65_535, "fits a constant even if every character took 3 bytes");
      assertFalse(Character.isHighSurrogate(c.charAt(c.length() - 1)), "no surrogate pair cut in two");
    }
    assertEquals(List.of(""), RegistrySources.chunks(""));
  }
}
