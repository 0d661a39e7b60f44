package dev.chatbot.wechat;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A picture on a WeCom AI bot's stream, as its finishing refresh carries it in msg_item: the file's
 * bytes in base64 and their MD5 in hex.
 */
public record StreamPicture(String base64, String md5) {

    /** @param image a JPEG or PNG of at most 10 MB ({@link PictureUpload#fit}) */
    public static StreamPicture of(byte[] image) {
        try {
            return new StreamPicture(Base64.getEncoder().encodeToString(image),
                    HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(image)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }
}
