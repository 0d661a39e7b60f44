package dev.chatbot.telegram;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.Emphasis;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.LinkReferenceDefinition;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;
import org.commonmark.parser.Parser;

/**
 * Turns the model's Markdown into the text Telegram shows plus entities (bold, italic, code, pre
 * with its language, text_link, blockquote), offsets in UTF-16 units. No parse_mode is involved,
 * so nothing needs escaping and nothing can fail to parse.
 *
 * <p>The parser is CommonMark's, so markup that is not closed yet stays literal text: while an
 * answer streams, {@code **bol} shows as typed and turns bold once {@code **bold**} closes. A
 * code fence not closed yet is, as CommonMark defines it, a code block running to the end, so
 * code shows as code while it streams. Headings become bold lines, list items get bullets or
 * their numbers, a rule becomes a dash line; raw HTML shows as written.
 *
 * <p>Telegram's nesting rules are kept: nothing inside code, no code inside a link, no quote
 * inside a quote.
 */
final class TelegramMarkdown {

    static final String BULLET = "•";
    static final String RULE = "———";

    private static final Parser PARSER = Parser.builder().build();

    /**
     * CommonMark will not close {@code **} between punctuation and a letter, which Chinese text
     * does all the time ({@code **注意：**请先备份}); what the parser left as literal {@code **x**}
     * becomes bold all the same.
     */
    private static final Pattern LEFTOVER_BOLD = Pattern.compile("\\*\\*(?=\\S)(.+?)(?<=\\S)\\*\\*");

    private TelegramMarkdown() {
    }

    static FormattedText render(String markdown) {
        if (markdown == null || markdown.isBlank()) {
            return FormattedText.plain(markdown == null ? "" : markdown.strip());
        }
        Writer writer = new Writer();
        PARSER.parse(markdown).accept(writer);
        FormattedText rendered = writer.result();
        // e.g. nothing but a link reference definition: better the source than an empty message
        return rendered.text().isBlank() ? FormattedText.plain(markdown.strip()) : rendered;
    }

    private static final class Writer extends AbstractVisitor {

        private final StringBuilder out = new StringBuilder();
        private final List<TextEntity> entities = new ArrayList<>();
        private int quoteDepth;
        private int linkDepth;
        private int listDepth;

        FormattedText result() {
            int end = out.length();
            while (end > 0 && Character.isWhitespace(out.charAt(end - 1))) {
                end--;
            }
            String text = out.substring(0, end);
            List<TextEntity> kept = new ArrayList<>();
            for (TextEntity e : entities) {
                int length = Math.min(e.end(), end) - e.offset();
                if (length > 0) {
                    kept.add(new TextEntity(e.type(), e.offset(), length, e.url(), e.language()));
                }
            }
            kept.sort(Comparator.comparingInt(TextEntity::offset).thenComparing(TextEntity::length, Comparator.reverseOrder()));
            return new FormattedText(text, kept);
        }

        // ---- blocks ----------------------------------------------------------------------

        @Override
        public void visit(Paragraph paragraph) {
            startBlock(paragraph);
            visitChildren(paragraph);
        }

        @Override
        public void visit(Heading heading) {
            startBlock(heading);
            int start = out.length();
            visitChildren(heading);
            entity("bold", start);
        }

        @Override
        public void visit(BlockQuote quote) {
            startBlock(quote);
            int start = out.length();
            quoteDepth++;
            visitChildren(quote);
            quoteDepth--;
            if (quoteDepth == 0) {
                entity("blockquote", start);
            }
        }

        @Override
        public void visit(BulletList list) {
            list(list);
        }

        @Override
        public void visit(OrderedList list) {
            list(list);
        }

        private void list(ListBlock list) {
            startBlock(list);
            listDepth++;
            visitChildren(list);
            listDepth--;
        }

        @Override
        public void visit(ListItem item) {
            startBlock(item);
            out.append("  ".repeat(Math.max(0, listDepth - 1))).append(marker(item)).append(' ');
            visitChildren(item);
        }

        private static String marker(ListItem item) {
            if (!(item.getParent() instanceof OrderedList list)) {
                return BULLET;
            }
            int index = 0;
            for (Node n = item.getPrevious(); n != null; n = n.getPrevious()) {
                index++;
            }
            int start = list.getMarkerStartNumber() == null ? 1 : list.getMarkerStartNumber();
            String delimiter = list.getMarkerDelimiter() == null ? "." : list.getMarkerDelimiter();
            return (start + index) + delimiter;
        }

        @Override
        public void visit(FencedCodeBlock code) {
            String info = code.getInfo() == null ? "" : code.getInfo().strip();
            String language = info.isEmpty() ? null : info.split("\\s+", 2)[0];
            codeBlock(code, code.getLiteral(), language);
        }

        @Override
        public void visit(IndentedCodeBlock code) {
            codeBlock(code, code.getLiteral(), null);
        }

        private void codeBlock(Node block, String literal, String language) {
            startBlock(block);
            int start = out.length();
            out.append(withoutFinalNewline(literal));
            if (out.length() > start) {
                entities.add(new TextEntity("pre", start, out.length() - start, null, language));
            }
        }

        @Override
        public void visit(HtmlBlock html) {
            startBlock(html);
            out.append(withoutFinalNewline(html.getLiteral()));
        }

        @Override
        public void visit(ThematicBreak rule) {
            startBlock(rule);
            out.append(RULE);
        }

        @Override
        public void visit(LinkReferenceDefinition definition) {
            // invisible in HTML, but in a chat the model's footnote-style sources are worth keeping
            startBlock(definition);
            out.append('[').append(definition.getLabel()).append("]: ").append(definition.getDestination());
        }

        /** Separates a block from the one before it: a blank line, or a line break inside tight lists. */
        private void startBlock(Node block) {
            if (block.getPrevious() == null || out.isEmpty()) {
                return; // the first in its container, which has separated itself already
            }
            int wanted = gapBefore(block);
            int have = 0;
            while (have < wanted && have < out.length() && out.charAt(out.length() - 1 - have) == '\n') {
                have++;
            }
            out.append("\n".repeat(wanted - have));
        }

        private static int gapBefore(Node block) {
            Node parent = block.getParent();
            if (parent instanceof ListBlock list) {
                return list.isTight() ? 1 : 2;
            }
            if (parent instanceof ListItem && parent.getParent() instanceof ListBlock list) {
                return list.isTight() ? 1 : 2;
            }
            return 2;
        }

        // ---- inlines ---------------------------------------------------------------------

        @Override
        public void visit(Text text) {
            String literal = text.getLiteral();
            Matcher m = LEFTOVER_BOLD.matcher(literal);
            int from = 0;
            while (m.find()) {
                out.append(literal, from, m.start());
                int start = out.length();
                out.append(m.group(1));
                entity("bold", start);
                from = m.end();
            }
            out.append(literal, from, literal.length());
        }

        @Override
        public void visit(Code code) {
            int start = out.length();
            out.append(code.getLiteral());
            if (linkDepth == 0) { // Telegram allows no code inside a link
                entity("code", start);
            }
        }

        @Override
        public void visit(Emphasis emphasis) {
            int start = out.length();
            visitChildren(emphasis);
            entity("italic", start);
        }

        @Override
        public void visit(StrongEmphasis strong) {
            int start = out.length();
            visitChildren(strong);
            entity("bold", start);
        }

        @Override
        public void visit(Link link) {
            link(link, link.getDestination());
        }

        @Override
        public void visit(Image image) {
            link(image, image.getDestination());
        }

        private void link(Node node, String destination) {
            int start = out.length();
            linkDepth++;
            visitChildren(node);
            linkDepth--;
            if (out.length() == start && destination != null) {
                out.append(destination);
            }
            if (isOpenableUrl(destination) && out.length() > start) {
                entities.add(new TextEntity("text_link", start, out.length() - start, destination, null));
            }
        }

        @Override
        public void visit(HtmlInline html) {
            out.append(html.getLiteral());
        }

        @Override
        public void visit(SoftLineBreak lineBreak) {
            out.append('\n');
        }

        @Override
        public void visit(HardLineBreak lineBreak) {
            out.append('\n');
        }

        private void entity(String type, int start) {
            if (out.length() > start) {
                entities.add(TextEntity.of(type, start, out.length() - start));
            }
        }
    }

    /** Telegram takes only absolute web and tg:// links; anything else stays plain text. */
    static boolean isOpenableUrl(String url) {
        if (url == null) {
            return false;
        }
        String u = url.toLowerCase(Locale.ROOT);
        return (u.startsWith("https://") || u.startsWith("http://") || u.startsWith("tg://"))
                && u.length() > u.indexOf("://") + 3 && u.chars().noneMatch(Character::isWhitespace);
    }

    private static String withoutFinalNewline(String s) {
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }
}
