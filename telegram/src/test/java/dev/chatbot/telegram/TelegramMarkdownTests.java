package dev.chatbot.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.MessageEntity;

class TelegramMarkdownTests {

    static FormattedText render(String markdown) {
        FormattedText out = TelegramMarkdown.render(markdown);
        assertValidForTelegram(out);
        return out;
    }

    /** Each entity as "type:covered text", in order; what a reader of the message would see formatted. */
    static List<String> spans(FormattedText f) {
        List<String> out = new ArrayList<>();
        for (TextEntity e : f.entities()) {
            String extra = e.url() != null ? "->" + e.url() : e.language() != null ? "@" + e.language() : "";
            out.add(e.type() + extra + ":" + f.text().substring(e.offset(), e.end()));
        }
        return out;
    }

    /** The rules Telegram enforces on entities, checked for every rendering in these tests. */
    static void assertValidForTelegram(FormattedText f) {
        String text = f.text();
        List<TextEntity> es = f.entities();
        for (TextEntity e : es) {
            assertThat(e.offset()).as("offset of %s in %s", e, text).isBetween(0, text.length() - 1);
            assertThat(e.length()).as("length of %s", e).isPositive();
            assertThat(e.end()).as("end of %s in %s", e, text).isLessThanOrEqualTo(text.length());
            // an entity never starts or ends between the halves of a surrogate pair
            assertThat(Character.isLowSurrogate(text.charAt(e.offset()))).isFalse();
            assertThat(e.end() < text.length() && Character.isLowSurrogate(text.charAt(e.end()))).isFalse();
        }
        Set<String> free = Set.of("bold", "italic", "underline", "strikethrough", "spoiler");
        for (TextEntity a : es) {
            for (TextEntity b : es) {
                if (a == b || a.end() <= b.offset() || b.end() <= a.offset()) {
                    continue;
                }
                boolean aInB = a.offset() >= b.offset() && a.end() <= b.end();
                boolean bInA = b.offset() >= a.offset() && b.end() <= a.end();
                assertThat(aInB || bInA).as("%s and %s overlap without nesting in %s", a, b, text).isTrue();
                if (aInB && !(bInA && a.type().equals(b.type()))) {
                    assertThat(b.type()).as("%s inside %s", a, b).isNotIn("code", "pre");
                    if (!free.contains(a.type()) && !free.contains(b.type())) {
                        assertThat(b.type()).as("%s inside %s", a, b).isEqualTo("blockquote");
                        assertThat(a.type()).as("%s inside %s", a, b).isNotEqualTo("blockquote");
                    }
                }
            }
        }
    }

    @Test
    void plain_text_renders_to_itself() {
        for (String plain : List.of(
                "You said: Hi!",
                "You said: [Alice] who am I?",
                "Hello there, friend! How are you today?",
                "2 + 2 = 4, and 3 * 4 = 12.",
                "snake_case_name and file_name.txt stay as they are",
                "Visit https://example.com/a_b?x=1 for more.",
                "抱歉，目前我只能读懂文字消息。",
                "Line one\nLine two\nLine three",
                "Price: $5 (approx.) - not a list",
                "C:\\Users\\alice is a path")) {
            FormattedText f = render(plain);
            assertThat(f.text()).as(plain).isEqualTo(plain);
            assertThat(f.entities()).as(plain).isEmpty();
        }
    }

    @Test
    void inline_markup_becomes_entities_and_the_markers_go() {
        FormattedText f = render("Some **bold**, *italic*, _also italic_, `code` and [a link](https://example.com/x).");
        assertThat(f.text()).isEqualTo("Some bold, italic, also italic, code and a link.");
        assertThat(spans(f)).containsExactly("bold:bold", "italic:italic", "italic:also italic", "code:code",
                "text_link->https://example.com/x:a link");
    }

    @Test
    void nested_markup_nests_entities() {
        FormattedText f = render("***both*** and **bold with *italic* inside** and [**bold link**](https://x.io)");
        assertThat(f.text()).isEqualTo("both and bold with italic inside and bold link");
        assertThat(spans(f)).containsExactlyInAnyOrder("italic:both", "bold:both", "bold:bold with italic inside",
                "italic:italic", "text_link->https://x.io:bold link", "bold:bold link");
    }

    @Test
    void unclosed_markup_stays_literal_until_it_closes() {
        assertThat(render("This is **bol").text()).isEqualTo("This is **bol");
        assertThat(render("This is **bol").entities()).isEmpty();
        assertThat(render("An *ital").text()).isEqualTo("An *ital");
        assertThat(render("Run `npm inst").text()).isEqualTo("Run `npm inst");
        assertThat(render("See [the docs](https://exa").text()).isEqualTo("See [the docs](https://exa");
        assertThat(render("See [the docs](https://exa").entities()).isEmpty();

        assertThat(spans(render("This is **bold**"))).containsExactly("bold:bold");
        assertThat(spans(render("See [the docs](https://example.com)"))).containsExactly("text_link->https://example.com:the docs");
    }

    @Test
    void every_prefix_of_a_streamed_answer_renders_to_valid_entities() {
        String answer = """
                # Plan 🚀

                Here is **the plan** for *today*, with `code` and a [link](https://example.com/path_(x)).

                1. First **step**
                2. Second step with `inline`
                   - nested *item*

                > A quote with **bold** and a [link](https://q.io)
                > > nested quote

                ```python
                def hello():
                    print("**not bold**")
                ```

                中文**粗体**和😀*斜体*，**注意：**请先备份。
                """;
        for (int n = 0; n <= answer.length(); n++) {
            if (n > 0 && Character.isHighSurrogate(answer.charAt(n - 1))) {
                continue; // a token never ends inside a surrogate pair
            }
            render(answer.substring(0, n));
        }
        FormattedText whole = render(answer);
        assertThat(spans(whole)).contains("bold:Plan 🚀", "bold:the plan", "italic:today", "code:code",
                "text_link->https://example.com/path_(x):link", "bold:step", "code:inline", "italic:item",
                "pre@python:def hello():\n    print(\"**not bold**\")", "bold:粗体", "italic:斜体", "bold:注意：");
        assertThat(whole.text()).doesNotContain("```", "# Plan", "> ");
        assertThat(whole.text().replace("\"**not bold**\"", "")).doesNotContain("**");
    }

    @Test
    void code_blocks_become_pre_with_their_language_and_keep_their_text_exactly() {
        FormattedText f = render("Try this:\n\n```java\nint x = a * b * c; // _not italic_\n```\n\nDone.");
        assertThat(f.text()).isEqualTo("Try this:\n\nint x = a * b * c; // _not italic_\n\nDone.");
        assertThat(spans(f)).containsExactly("pre@java:int x = a * b * c; // _not italic_");

        FormattedText noLanguage = render("```\nplain block\n```");
        assertThat(noLanguage.entities()).containsExactly(new TextEntity("pre", 0, 11, null, null));
    }

    @Test
    void a_code_block_still_streaming_shows_as_code_already() {
        FormattedText f = render("Here:\n```js\nconsole.log(1);\nconsole.lo");
        assertThat(f.text()).isEqualTo("Here:\n\nconsole.log(1);\nconsole.lo");
        assertThat(spans(f)).containsExactly("pre@js:console.log(1);\nconsole.lo");
    }

    @Test
    void offsets_count_utf16_units_around_emoji_and_cjk() {
        FormattedText f = render("你好 **粗体** 😀 *斜体* `代码` 👨‍👩‍👧 [链接](https://example.cn) **😀 smile**");
        assertThat(f.text()).isEqualTo("你好 粗体 😀 斜体 代码 👨‍👩‍👧 链接 😀 smile");
        assertThat(spans(f)).containsExactly("bold:粗体", "italic:斜体", "code:代码",
                "text_link->https://example.cn:链接", "bold:😀 smile");
        TextEntity italic = f.entities().get(1);
        assertThat(italic.offset()).as("2 CJK + space + 2 CJK + space + surrogate pair + space").isEqualTo(9);
        TextEntity last = f.entities().getLast();
        assertThat(last.length()).as("emoji counts two").isEqualTo(8);
    }

    @Test
    void bold_next_to_chinese_punctuation_is_bold_too() {
        assertThat(spans(render("**注意：**请先备份数据。"))).containsExactly("bold:注意：");
        assertThat(render("**注意：**请先备份数据。").text()).isEqualTo("注意：请先备份数据。");
        assertThat(spans(render("这是**“引用”**的内容"))).containsExactly("bold:“引用”");
        // unclosed, it stays literal like any other markup
        assertThat(render("**注意：请先").text()).isEqualTo("**注意：请先");
    }

    @Test
    void lists_get_bullets_and_numbers() {
        assertThat(render("- one\n- two\n* three").text()).isEqualTo("• one\n• two\n\n• three");
        assertThat(render("Steps:\n\n3. three\n4. four").text()).isEqualTo("Steps:\n\n3. three\n4. four");
        assertThat(render("1) a\n2) b").text()).isEqualTo("1) a\n2) b");
        assertThat(render("- outer\n  - inner\n  - inner two\n- outer two").text())
                .isEqualTo("• outer\n  • inner\n  • inner two\n• outer two");
        assertThat(render("- loose one\n\n- loose two").text()).isEqualTo("• loose one\n\n• loose two");
        assertThat(spans(render("- **bold** item"))).containsExactly("bold:bold");
    }

    @Test
    void headings_become_bold_lines_and_rules_a_dash_line() {
        FormattedText f = render("# Title\n\nText\n\n---\n\n## Part *two*");
        assertThat(f.text()).isEqualTo("Title\n\nText\n\n" + TelegramMarkdown.RULE + "\n\nPart two");
        assertThat(spans(f)).containsExactly("bold:Title", "bold:Part two", "italic:two");
    }

    @Test
    void quotes_become_one_blockquote_even_when_nested() {
        FormattedText f = render("> quoted **text**\n> > deeper\n\nafter");
        assertThat(f.text()).isEqualTo("quoted text\n\ndeeper\n\nafter");
        assertThat(spans(f)).containsExactly("blockquote:quoted text\n\ndeeper", "bold:text");
    }

    @Test
    void links_telegram_cannot_open_stay_plain_text() {
        assertThat(spans(render("[relative](docs/page.html) and [mail](mailto:a@b.c)"))).isEmpty();
        assertThat(render("[relative](docs/page.html)").text()).isEqualTo("relative");
        assertThat(spans(render("<https://example.com>"))).containsExactly("text_link->https://example.com:https://example.com");
        assertThat(spans(render("![a cat](https://img.io/cat.png)"))).containsExactly("text_link->https://img.io/cat.png:a cat");
        assertThat(spans(render("[`code` in a link](https://x.io)"))).as("no code inside a link")
                .containsExactly("text_link->https://x.io:code in a link");
    }

    @Test
    void escapes_html_and_references_render_as_a_reader_expects() {
        assertThat(render("\\*not italic\\* and 1\\. not a list").text()).isEqualTo("*not italic* and 1. not a list");
        assertThat(render("use <b>tags</b> & &amp; entities").text()).isEqualTo("use <b>tags</b> & & entities");
        FormattedText cited = render("Sources [1]\n\n[1]: https://example.com/source");
        assertThat(cited.text()).isEqualTo("Sources 1\n\n[1]: https://example.com/source");
        assertThat(spans(cited)).containsExactly("text_link->https://example.com/source:1");
        assertThat(render("[1]: https://example.com/only").text()).isEqualTo("[1]: https://example.com/only");
    }

    @Test
    void blank_input_renders_empty() {
        assertThat(render("").text()).isEmpty();
        assertThat(render("  \n ").text()).isEmpty();
    }

    @Test
    void entities_map_onto_bot_api_message_entities() {
        FormattedText f = render("**b** [l](https://x.io)\n```kotlin\nval x = 1\n```");
        List<MessageEntity> entities = f.messageEntities();
        assertThat(entities).extracting(MessageEntity::getType).containsExactly("bold", "text_link", "pre");
        assertThat(entities.get(1).getUrl()).isEqualTo("https://x.io");
        assertThat(entities.get(2).getLanguage()).isEqualTo("kotlin");
        assertThat(entities.get(2).getOffset()).isEqualTo(f.text().indexOf("val"));
        assertThat(FormattedText.plain("x").messageEntities()).isNull();
    }
}
