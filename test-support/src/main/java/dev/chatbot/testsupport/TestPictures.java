package dev.chatbot.testsupport;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Pictures for tests, made with the JDK's ImageIO: real files of each kind, good and bad. */
public final class TestPictures {

    private TestPictures() {
    }

    /** A PNG of this size: a colour gradient, so that scaling has something to do. */
    public static byte[] png(int width, int height) {
        return write(gradient(width, height, BufferedImage.TYPE_INT_RGB), "png");
    }

    /**
     * A PNG of this size whose colours come from {@code words}: two drawings of different prompts differ
     * in their bytes, so a test can tell which one reached the user.
     */
    public static byte[] drawing(String words, int width, int height) {
        int hash = words.hashCode();
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new java.awt.GradientPaint(0, 0, new Color(hash & 0xFFFFFF), width, height, new Color(~hash & 0xFFFFFF)));
        g.fillRect(0, 0, width, height);
        g.dispose();
        return write(image, "png");
    }

    /** A PNG of random pixels: it hardly compresses, so a big one is megabytes (1024x1024 is about 3 MB). */
    public static byte[] noisy(int width, int height) {
        java.util.Random random = new java.util.Random(width * 31L + height);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return write(image, "png");
    }

    public static byte[] gif(int width, int height) {
        return write(gradient(width, height, BufferedImage.TYPE_INT_RGB), "gif");
    }

    public static byte[] jpeg(int width, int height) {
        return write(gradient(width, height, BufferedImage.TYPE_INT_RGB), "jpeg");
    }

    /**
     * A small PNG whose header claims {@code width} x {@code height}: what a decompression bomb looks
     * like before it is decoded (a real 40-megapixel PNG of one colour is as small).
     */
    public static byte[] pngClaiming(int width, int height) {
        byte[] png = png(8, 8);
        ByteBuffer b = ByteBuffer.wrap(png);
        // IHDR starts at byte 8: length (4), type (4), width (4), height (4), ..., CRC after 13 bytes of data
        b.putInt(16, width);
        b.putInt(20, height);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17);
        b.putInt(29, (int) crc.getValue());
        return png;
    }

    /** The first bytes of a WebP file (RIFF ... WEBP VP8), which the JDK cannot decode. */
    public static byte[] webp() {
        byte[] b = new byte[64];
        System.arraycopy("RIFF".getBytes(StandardCharsets.US_ASCII), 0, b, 0, 4);
        System.arraycopy("WEBPVP8 ".getBytes(StandardCharsets.US_ASCII), 0, b, 8, 8);
        return b;
    }

    /** A JPEG's magic number and then garbage: a damaged file. */
    public static byte[] corruptJpeg() {
        byte[] b = new byte[2048];
        b[0] = (byte) 0xFF;
        b[1] = (byte) 0xD8;
        b[2] = (byte) 0xFF;
        for (int i = 3; i < b.length; i++) {
            b[i] = (byte) (i * 31);
        }
        return b;
    }

    /** The picture's size as decoded, or null when it is no picture ImageIO reads. */
    public static int[] size(byte[] image) {
        try {
            BufferedImage read = ImageIO.read(new ByteArrayInputStream(image));
            return read == null ? null : new int[] {read.getWidth(), read.getHeight()};
        } catch (IOException e) {
            return null;
        }
    }

    private static BufferedImage gradient(int width, int height, int type) {
        BufferedImage image = new BufferedImage(width, height, type);
        Graphics2D g = image.createGraphics();
        g.setPaint(new java.awt.GradientPaint(0, 0, Color.GREEN, width, height, Color.BLUE));
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    private static byte[] write(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }
}
