package dev.chatbot.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a multipart/form-data body, as the fakes receive uploads. */
final class Multipart {

    private static final Pattern NAME = Pattern.compile("name=\"([^\"]*)\"");
    private static final Pattern FILE_NAME = Pattern.compile("filename=\"([^\"]*)\"");
    private static final Pattern CONTENT_TYPE = Pattern.compile("(?im)^Content-Type:\\s*(\\S+)");

    private Multipart() {
    }

    /** Fills {@code parts} (name to bytes) and {@code fileNames} (name to filename, for file parts). */
    static void parse(byte[] body, String boundary, Map<String, byte[]> parts, Map<String, String> fileNames) {
        parse(body, boundary, parts, fileNames, new java.util.HashMap<>());
    }

    /** As above, and fills {@code contentTypes} (name to the part's Content-Type, where it has one). */
    static void parse(byte[] body, String boundary, Map<String, byte[]> parts, Map<String, String> fileNames,
                      Map<String, String> contentTypes) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int at = indexOf(body, delimiter, 0);
        if (at < 0) {
            throw new IllegalArgumentException("no boundary");
        }
        while (true) {
            int start = at + delimiter.length;
            if (start + 2 <= body.length && body[start] == '-' && body[start + 1] == '-') {
                return; // the closing delimiter
            }
            start += 2; // CRLF after the delimiter
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
            String headers = new String(body, start, headersEnd - start, StandardCharsets.UTF_8);
            int next = indexOf(body, delimiter, headersEnd + 4);
            if (next < 0) {
                throw new IllegalArgumentException("no closing boundary");
            }
            byte[] content = Arrays.copyOfRange(body, headersEnd + 4, next - 2); // CRLF before the delimiter
            Matcher name = NAME.matcher(headers);
            if (name.find()) {
                parts.put(name.group(1), content);
                Matcher file = FILE_NAME.matcher(headers);
                if (file.find()) {
                    fileNames.put(name.group(1), file.group(1));
                }
                Matcher type = CONTENT_TYPE.matcher(headers);
                if (type.find()) {
                    contentTypes.put(name.group(1), type.group(1));
                }
            }
            at = next;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
