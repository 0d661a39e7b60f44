package dev.chatbot.core.reply;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MessageSplitterTests {

    final MessageSplitter splitter = new MessageSplitter(100);

    @Test
    void short_text_is_one_part() {
        assertThat(splitter.split("hello")).containsExactly("hello");
    }

    @Test
    void long_text_is_cut_at_a_paragraph_and_every_part_fits() {
        String text = "a".repeat(60) + "\n\n" + "b".repeat(60) + "\n\n" + "c".repeat(60);
        List<String> parts = splitter.split(text);
        assertThat(parts).containsExactly("a".repeat(60), "b".repeat(60), "c".repeat(60));
    }

    @Test
    void falls_back_to_lines_then_spaces_then_a_hard_cut() {
        assertThat(splitter.split("x".repeat(70) + "\n" + "y".repeat(70))).containsExactly("x".repeat(70), "y".repeat(70));
        assertThat(splitter.split("word ".repeat(40))).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(100));
        List<String> hard = splitter.split("z".repeat(250));
        assertThat(String.join("", hard)).isEqualTo("z".repeat(250));
        assertThat(hard).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(100));
    }

    @Test
    void a_code_block_open_at_the_cut_is_closed_and_reopened_with_its_language() {
        StringBuilder code = new StringBuilder("Here:\n```python\n");
        for (int i = 0; i < 12; i++) {
            code.append("print(").append(i).append(")\n");
        }
        code.append("```\nDone.");
        List<String> parts = splitter.split(code.toString());

        assertThat(parts.size()).isGreaterThan(1);
        for (String part : parts) {
            assertThat(part.length()).isLessThanOrEqualTo(100);
            long fences = part.lines().filter(l -> l.startsWith("```")).count();
            assertThat(fences % 2).as("balanced fences in: %s", part).isZero();
        }
        assertThat(parts.get(1)).startsWith("```python\n");
        assertThat(parts.getLast()).endsWith("Done.");
    }

    @Test
    void growing_text_splits_stably_so_finished_parts_never_change() {
        String full = ("line of streamed text number\n").repeat(30);
        List<String> last = List.of();
        for (int n = 1; n <= full.length(); n++) {
            List<String> parts = splitter.split(full.substring(0, n));
            for (int i = 0; i < last.size() - 1; i++) {
                assertThat(parts.get(i)).isEqualTo(last.get(i));
            }
            last = parts;
        }
    }

    @Test
    void never_cuts_a_surrogate_pair() {
        String emoji = "🙂".repeat(120);
        for (String part : splitter.split(emoji)) {
            assertThat(Character.isHighSurrogate(part.charAt(part.length() - 1))).isFalse();
        }
    }

    @Test
    void a_part_is_cut_shorter_when_its_formatted_length_would_not_fit() {
        // a platform whose formatting doubles every 'x': 60 of them fit the source limit but not the message
        MessageSplitter doubling = new MessageSplitter(100, s -> s.length() + (int) s.chars().filter(c -> c == 'x').count());
        String text = ("x".repeat(9) + "\n").repeat(12);
        List<String> parts = doubling.split(text);
        assertThat(parts.size()).isGreaterThan(1);
        for (String part : parts) {
            assertThat(part.length() + part.chars().filter(c -> c == 'x').count()).isLessThanOrEqualTo(100);
        }
        assertThat(String.join("\n", parts).strip()).isEqualTo(text.strip());
    }

    @Test
    void a_short_source_that_formats_too_long_is_split_too() {
        MessageSplitter tripling = new MessageSplitter(100, s -> 3 * s.length());
        List<String> parts = tripling.split("word ".repeat(19).strip());
        assertThat(parts.size()).isGreaterThan(1);
        assertThat(parts).allSatisfy(p -> assertThat(3 * p.length()).isLessThanOrEqualTo(100));
    }

    @Test
    void a_cut_never_falls_inside_a_markdown_link() {
        String text = "word ".repeat(14) + "see [the official documentation page](https://example.com/docs) for more";
        List<String> parts = splitter.split(text);
        assertThat(parts).hasSize(2);
        assertThat(parts.get(1)).startsWith("[the official documentation page](https://example.com/docs)");
        assertThat(parts.get(0)).endsWith("see");
    }

    @Test
    void links_closed_before_the_cut_do_not_move_it() {
        String text = "Intro text ".repeat(5) + "[a](https://x.io) " + "word ".repeat(30);
        List<String> parts = splitter.split(text);
        assertThat(parts.get(0)).contains("[a](https://x.io) word");
        assertThat(parts.get(0).length()).isGreaterThan(85);
    }
}
