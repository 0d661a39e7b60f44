package dev.chatbot.wechat;

import dev.chatbot.core.media.MediaRefusedException;
import dev.chatbot.core.media.PictureFormat;
import dev.chatbot.core.media.PictureIntake;
import dev.chatbot.core.media.Photos;
import dev.chatbot.core.net.MultipartForm;
import java.util.Optional;

/**
 * A drawing uploaded as temporary media ({@code media/upload}, type image), for an image message to
 * carry its media_id. The platforms take PNG or JPEG up to a size: a bigger picture, or another
 * format, is re-encoded as a scaled JPEG by the same intake that prepares users' photos for models.
 */
public final class PictureUpload {

    /** The Official Account's limit for the image type. */
    public static final long MP_MAX_BYTES = 2L * 1024 * 1024;
    /** WeCom's limit for images, the app's uploads and the AI bot's msg_item alike. */
    public static final long WECOM_MAX_BYTES = 10L * 1024 * 1024;

    /** A picture the platform takes, with the file name and Content-Type its upload declares. */
    public record Fitted(byte[] bytes, String fileName, String contentType) {
    }

    private final WxApi api;
    private final long maxBytes;

    public PictureUpload(WxApi api, long maxBytes) {
        this.api = api;
        this.maxBytes = maxBytes;
    }

    /**
     * @return the media_id
     * @throws WxApiException when the platform refuses the upload or cannot be reached
     * @throws MediaRefusedException when the picture cannot be made to fit
     */
    public String upload(byte[] image) {
        Fitted picture = fit(image, maxBytes);
        String mediaId = api.uploadWithToken("/cgi-bin/media/upload", "image", new MultipartForm()
                .file("media", picture.fileName(), picture.contentType(), picture.bytes())).path("media_id").asString("");
        if (mediaId.isBlank()) {
            throw new WxApiException(-1, "/cgi-bin/media/upload answered no media_id");
        }
        return mediaId;
    }

    /** {@code image} as it is when it is a PNG or JPEG within {@code maxBytes}; else a scaled JPEG. */
    public static Fitted fit(byte[] image, long maxBytes) {
        Optional<PictureFormat> format = PictureFormat.sniff(image);
        if (image.length <= maxBytes && format.equals(Optional.of(PictureFormat.PNG))) {
            return new Fitted(image, "image.png", "image/png");
        }
        if (image.length <= maxBytes && format.equals(Optional.of(PictureFormat.JPEG))) {
            return new Fitted(image, "image.jpg", "image/jpeg");
        }
        byte[] jpeg = new PictureIntake(Photos.DEFAULT_MAX_PIXELS).process(image).jpeg();
        if (jpeg.length > maxBytes) {
            throw new MediaRefusedException("image.send.failed", "still " + jpeg.length + " bytes as a JPEG");
        }
        return new Fitted(jpeg, "image.jpg", "image/jpeg");
    }
}
