package dev.chatbot.core.media;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/**
 * Turns the bytes a user sent into what a model is shown: the format sniffed, the size read from
 * the header before anything is decoded (a small file may claim a huge picture: a decompression
 * bomb), decoded with subsampling when large, scaled so its long side is at most
 * {@link #LONG_SIDE} pixels (what the providers scale to anyway) and written as JPEG. The JDK's
 * ImageIO does all of it.
 */
public final class PictureIntake {

    /** Anthropic's recommended long side; OpenAI and Gemini tile or scale below it too. */
    public static final int LONG_SIDE = 1568;
    static final float JPEG_QUALITY = 0.85f;

    /** A scaled picture. */
    public record Picture(byte[] jpeg, int width, int height) {
    }

    private final long maxPixels;

    /** @param maxPixels the largest picture it decodes, width times height */
    public PictureIntake(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    /** @throws MediaRefusedException with the note for the user */
    public Picture process(byte[] raw) {
        PictureFormat format = PictureFormat.sniff(raw)
                .orElseThrow(() -> new MediaRefusedException("photo.unreadable", "not a picture format"));
        if (!format.isReadable()) {
            throw new MediaRefusedException("photo.format", format + " has no decoder here");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(raw))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new MediaRefusedException("photo.format", "no reader for " + format);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width <= 0 || height <= 0) {
                    throw new MediaRefusedException("photo.unreadable", "no size");
                }
                if ((long) width * height > maxPixels) {
                    throw new MediaRefusedException("photo.too.big.pixels", width + "x" + height);
                }
                ImageReadParam param = reader.getDefaultReadParam();
                // decode no more than twice the target size: memory stays bounded, quality stays fine
                int step = Math.max(1, Math.max(width, height) / (2 * LONG_SIDE));
                param.setSourceSubsampling(step, step, 0, 0);
                BufferedImage decoded = reader.read(0, param);
                return encode(scaled(decoded));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof MediaRefusedException refused) {
                throw refused;
            }
            throw new MediaRefusedException("photo.unreadable", "corrupt " + format + ": " + e.getMessage());
        }
    }

    /** RGB (JPEG has no alpha: transparent parts go white), long side at most {@link #LONG_SIDE}. */
    private static BufferedImage scaled(BufferedImage source) {
        int w = source.getWidth();
        int h = source.getHeight();
        double factor = Math.min(1.0, (double) LONG_SIDE / Math.max(w, h));
        int tw = Math.max(1, (int) Math.round(w * factor));
        int th = Math.max(1, (int) Math.round(h * factor));
        BufferedImage out = new BufferedImage(tw, th, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, tw, th);
            g.drawImage(source, 0, 0, tw, th, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static Picture encode(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(JPEG_QUALITY);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return new Picture(bytes.toByteArray(), image.getWidth(), image.getHeight());
    }
}
