package dev.chatbot.core.history;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;

/**
 * A byte-pair vocabulary (token bytes to rank) kept in three primitive arrays: every token's bytes
 * concatenated in rank order, where each token starts, and an open-addressing table of ranks keyed by
 * the bytes. Looking a slice of a byte array up allocates nothing. o200k_base's 200,000 tokens take
 * about 5 MB this way; as jtokkit's {@code HashMap<ByteArrayWrapper, Integer>} they took 31 MB.
 */
final class TokenRanks {

    static final int NOT_A_TOKEN = -1;

    /** Every token's bytes, token {@code r} at {@code [starts[r], starts[r + 1])}. */
    private final byte[] bytes;
    private final int[] starts;
    /** Rank + 1 of the token whose bytes hash to each slot, 0 for none; linear probing. */
    private final int[] slots;
    private final int mask;
    private final int longest;

    private TokenRanks(byte[] bytes, int[] starts) {
        this.bytes = bytes;
        this.starts = starts;
        int tokens = starts.length - 1;
        // At most half full, so a miss (the common case while merging) ends after a probe or two.
        this.slots = new int[Integer.highestOneBit(Math.max(tokens, 1)) * 4];
        this.mask = slots.length - 1;
        int longest = 0;
        for (int rank = 0; rank < tokens; rank++) {
            int start = starts[rank];
            int end = starts[rank + 1];
            longest = Math.max(longest, end - start);
            int slot = hash(bytes, start, end) & mask;
            while (slots[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = rank + 1;
        }
        this.longest = longest;
    }

    /**
     * Reads a tiktoken vocabulary file: one token a line, {@code <base64 bytes> <rank>}, ranks from 0
     * in order with no gaps, as OpenAI publishes them and jtokkit ships them.
     */
    static TokenRanks read(InputStream tiktoken) {
        byte[] file;
        try (tiktoken) {
            file = tiktoken.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the token vocabulary", e);
        }
        int lines = 1;
        for (byte b : file) {
            if (b == '\n') {
                lines++;
            }
        }
        // Decoded bytes are at most 3/4 of their base64 text.
        byte[] tokenBytes = new byte[file.length * 3 / 4];
        int[] starts = new int[lines + 1];
        Base64.Decoder base64 = Base64.getDecoder();
        int used = 0;
        int tokens = 0;
        for (int line = 0; line < file.length; ) {
            int end = line;
            while (end < file.length && file[end] != '\n') {
                end++;
            }
            if (end > line) {
                int space = line;
                while (space < end && file[space] != ' ') {
                    space++;
                }
                if (space == end || parseRank(file, space + 1, end) != tokens) {
                    throw new IllegalArgumentException("Token vocabulary line " + (tokens + 1) + " is not '<base64> " + tokens + "'");
                }
                ByteBuffer token = base64.decode(ByteBuffer.wrap(file, line, space - line));
                int length = token.remaining();
                token.get(tokenBytes, used, length);
                used += length;
                tokens++;
                starts[tokens] = used;
            }
            line = end + 1;
        }
        return new TokenRanks(Arrays.copyOf(tokenBytes, used), Arrays.copyOf(starts, tokens + 1));
    }

    private static int parseRank(byte[] text, int from, int to) {
        while (to > from && (text[to - 1] == '\r' || text[to - 1] == ' ')) {
            to--;
        }
        if (from >= to) {
            return NOT_A_TOKEN;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            int digit = text[i] - '0';
            if (digit < 0 || digit > 9) {
                return NOT_A_TOKEN;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    /** The rank of the token whose bytes are {@code piece[from, to)}, or {@link #NOT_A_TOKEN}. */
    int rank(byte[] piece, int from, int to) {
        int length = to - from;
        if (length > longest) {
            return NOT_A_TOKEN;
        }
        int slot = hash(piece, from, to) & mask;
        for (int entry = slots[slot]; entry != 0; slot = (slot + 1) & mask, entry = slots[slot]) {
            int start = starts[entry - 1];
            if (starts[entry] - start == length && Arrays.equals(bytes, start, start + length, piece, from, to)) {
                return entry - 1;
            }
        }
        return NOT_A_TOKEN;
    }

    int size() {
        return starts.length - 1;
    }

    /** The length of the longest token: no longer slice needs looking up. */
    int longest() {
        return longest;
    }

    private static int hash(byte[] data, int from, int to) {
        int h = 0x811c9dc5;
        for (int i = from; i < to; i++) {
            h = (h ^ data[i]) * 0x01000193;
        }
        // FNV's low bits are weak for short keys; mix the high bits down before masking.
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        return h ^ (h >>> 13);
    }
}
