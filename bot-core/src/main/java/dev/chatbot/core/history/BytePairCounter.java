package dev.chatbot.core.history;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts byte-pair tokens the way tiktoken and jtokkit encode them: the text is split into pieces by
 * the encoding's regex, each piece's UTF-8 bytes are one token if the vocabulary has them, otherwise
 * adjacent parts are merged, always the pair with the lowest rank first (the leftmost among equals),
 * until no pair is a token. Only the count is kept, so no token ids are produced. Thread-safe: each
 * call works in its own scratch arrays, reused from piece to piece.
 */
final class BytePairCounter {

    /**
     * Pieces up to this many bytes merge by scanning all pairs for the lowest rank (quadratic but
     * cache-friendly, and nearly every piece is a word of a few bytes); longer ones use a heap.
     */
    static final int SCAN_LIMIT = 128;

    private final Pattern pieces;
    private final TokenRanks ranks;

    BytePairCounter(Pattern pieces, TokenRanks ranks) {
        this.pieces = pieces;
        this.ranks = ranks;
    }

    int count(String text) {
        Scratch scratch = new Scratch();
        Matcher matcher = pieces.matcher(text);
        int total = 0;
        while (matcher.find()) {
            int length = scratch.utf8(text, matcher.start(), matcher.end());
            total += countPiece(scratch, length);
        }
        return total;
    }

    private int countPiece(Scratch scratch, int length) {
        byte[] piece = scratch.bytes;
        if (length <= 1 || ranks.rank(piece, 0, length) != TokenRanks.NOT_A_TOKEN) {
            return length == 0 ? 0 : 1;
        }
        return length <= SCAN_LIMIT ? mergeByScanning(scratch, length) : mergeWithHeap(scratch, length);
    }

    /** tiktoken's own merge loop: parts as start offsets, the rank of each adjacent pair beside them. */
    private int mergeByScanning(Scratch scratch, int length) {
        byte[] piece = scratch.bytes;
        int[] starts = scratch.ints(0, length + 1);
        int[] pairRanks = scratch.ints(1, length);
        for (int i = 0; i <= length; i++) {
            starts[i] = i;
        }
        for (int i = 0; i < length - 1; i++) {
            pairRanks[i] = ranks.rank(piece, i, i + 2);
        }
        int parts = length;
        while (parts > 1) {
            int best = -1;
            int bestRank = Integer.MAX_VALUE;
            for (int i = 0; i < parts - 1; i++) {
                int rank = pairRanks[i];
                if (rank != TokenRanks.NOT_A_TOKEN && rank < bestRank) {
                    best = i;
                    bestRank = rank;
                }
            }
            if (best < 0) {
                break;
            }
            // Part best + 1 joins part best: drop its start and the rank of the pair it began.
            System.arraycopy(starts, best + 2, starts, best + 1, parts - best - 1);
            System.arraycopy(pairRanks, best + 2, pairRanks, best + 1, parts - best - 3 > 0 ? parts - best - 3 : 0);
            parts--;
            if (best < parts - 1) {
                pairRanks[best] = ranks.rank(piece, starts[best], starts[best + 2]);
            }
            if (best > 0) {
                pairRanks[best - 1] = ranks.rank(piece, starts[best - 1], starts[best + 1]);
            }
        }
        return parts;
    }

    /**
     * The same merges in O(n log n) for long pieces (a pasted run of one character or a long identifier):
     * parts as a linked list over their start offsets, candidate pairs in a min-heap keyed by
     * (rank, start) so the leftmost of equal ranks comes first; entries made stale by a merge are skipped.
     */
    private int mergeWithHeap(Scratch scratch, int length) {
        byte[] piece = scratch.bytes;
        int[] next = scratch.ints(0, length);
        int[] previous = scratch.ints(1, length);
        int[] pairRanks = scratch.ints(2, length);
        PairHeap heap = scratch.heap(length);
        for (int i = 0; i < length; i++) {
            next[i] = i + 1;
            previous[i] = i - 1;
            pairRanks[i] = i + 2 <= length ? ranks.rank(piece, i, i + 2) : TokenRanks.NOT_A_TOKEN;
            heap.push(pairRanks[i], i);
        }
        int parts = length;
        while (!heap.isEmpty()) {
            long top = heap.pop();
            int rank = (int) (top >>> 32);
            int start = (int) top;
            if (pairRanks[start] != rank) {
                continue; // merged away, or the pair starting here changed since
            }
            int absorbed = next[start];
            int after = next[absorbed];
            next[start] = after;
            if (after < length) {
                previous[after] = start;
            }
            pairRanks[absorbed] = TokenRanks.NOT_A_TOKEN;
            parts--;
            pairRanks[start] = after < length ? ranks.rank(piece, start, next[after]) : TokenRanks.NOT_A_TOKEN;
            heap.push(pairRanks[start], start);
            int before = previous[start];
            if (before >= 0) {
                pairRanks[before] = ranks.rank(piece, before, after);
                heap.push(pairRanks[before], before);
            }
        }
        return parts;
    }

    /** Per-call working memory, grown to the longest piece seen. */
    private static final class Scratch {
        byte[] bytes = new byte[64];
        final int[][] ints = new int[3][];
        PairHeap heap;

        int[] ints(int which, int size) {
            int[] array = ints[which];
            if (array == null || array.length < size) {
                array = new int[Math.max(size, 64)];
                ints[which] = array;
            }
            return array;
        }

        PairHeap heap(int pairs) {
            if (heap == null || heap.capacity() < pairs * 3) {
                heap = new PairHeap(pairs * 3);
            }
            heap.clear();
            return heap;
        }

        /**
         * Writes {@code text[from, to)} as UTF-8 into {@link #bytes}, as {@code String.getBytes(UTF_8)}
         * does (which is what jtokkit encodes): a lone surrogate becomes '?'.
         */
        int utf8(String text, int from, int to) {
            if (bytes.length < (to - from) * 3) {
                bytes = new byte[(to - from) * 3];
            }
            byte[] out = bytes;
            int n = 0;
            for (int i = from; i < to; i++) {
                char c = text.charAt(i);
                if (c < 0x80) {
                    out[n++] = (byte) c;
                } else if (c < 0x800) {
                    out[n++] = (byte) (0xC0 | (c >> 6));
                    out[n++] = (byte) (0x80 | (c & 0x3F));
                } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(text.charAt(i + 1))) {
                    int codePoint = Character.toCodePoint(c, text.charAt(++i));
                    out[n++] = (byte) (0xF0 | (codePoint >> 18));
                    out[n++] = (byte) (0x80 | ((codePoint >> 12) & 0x3F));
                    out[n++] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
                    out[n++] = (byte) (0x80 | (codePoint & 0x3F));
                } else if (Character.isSurrogate(c)) {
                    out[n++] = '?';
                } else {
                    out[n++] = (byte) (0xE0 | (c >> 12));
                    out[n++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    out[n++] = (byte) (0x80 | (c & 0x3F));
                }
            }
            return n;
        }
    }

    /** A binary min-heap of (rank, start) pairs packed into longs; pairs that are not tokens stay out. */
    private static final class PairHeap {
        private long[] keys;
        private int size;

        PairHeap(int capacity) {
            keys = new long[capacity];
        }

        int capacity() {
            return keys.length;
        }

        void clear() {
            size = 0;
        }

        boolean isEmpty() {
            return size == 0;
        }

        void push(int rank, int start) {
            if (rank == TokenRanks.NOT_A_TOKEN) {
                return;
            }
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
            }
            long key = ((long) rank << 32) | start;
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (keys[parent] <= key) {
                    break;
                }
                keys[i] = keys[parent];
                i = parent;
            }
            keys[i] = key;
        }

        long pop() {
            long top = keys[0];
            long last = keys[--size];
            int i = 0;
            int half = size >>> 1;
            while (i < half) {
                int child = 2 * i + 1;
                if (child + 1 < size && keys[child + 1] < keys[child]) {
                    child++;
                }
                if (last <= keys[child]) {
                    break;
                }
                keys[i] = keys[child];
                i = child;
            }
            keys[i] = last;
            return top;
        }
    }
}
