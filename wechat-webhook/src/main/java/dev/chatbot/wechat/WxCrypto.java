package dev.chatbot.wechat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * WeChat's callback crypto (WXBizMsgCrypt), the same for the Official Account's safe mode, a WeCom
 * app and the WeCom AI bot: AES-256-CBC with the key from the EncodingAESKey and the key's first
 * 16 bytes as IV; plaintext = 16 random bytes, the message's length (4 bytes, big-endian), the
 * message, the receive id; PKCS#7 padding to a multiple of 32 bytes (not the JCE's 16, hence done
 * here); signatures are the SHA1 of the sorted, concatenated parts.
 */
public final class WxCrypto {

    private static final int BLOCK = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String token;
    private final byte[] key;
    private final String receiveId;

    /**
     * @param encodingAesKey the 43 characters from the admin console
     * @param receiveId      the app id (Official Account), the corp id (WeCom app), or "" (WeCom AI bot)
     */
    public WxCrypto(String token, String encodingAesKey, String receiveId) {
        this.token = token;
        this.receiveId = receiveId == null ? "" : receiveId;
        if (encodingAesKey == null || encodingAesKey.length() != 43) {
            throw new IllegalArgumentException("the EncodingAESKey must be 43 characters");
        }
        try {
            this.key = Base64.getDecoder().decode(encodingAesKey + "=");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the EncodingAESKey is not Base64 (43 characters of a-z, A-Z, 0-9)");
        }
    }

    /** SHA1 (lowercase hex) of the parts sorted and joined: the URL check's and every message's signature. */
    public static String signature(String... parts) {
        String[] sorted = parts.clone();
        Arrays.sort(sorted);
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(sha1.digest(String.join("", sorted).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /** Whether {@code given} signs token, timestamp, nonce and the extra parts (none for the plain URL check). */
    public boolean verify(String given, String timestamp, String nonce, String... extra) {
        String[] parts = new String[3 + extra.length];
        parts[0] = token;
        parts[1] = timestamp;
        parts[2] = nonce;
        System.arraycopy(extra, 0, parts, 3, extra.length);
        return matches(given, parts);
    }

    /** Whether {@code given} is the signature of {@code parts}; false when any is missing. */
    public static boolean matches(String given, String... parts) {
        if (given == null || java.util.Arrays.stream(parts).anyMatch(java.util.Objects::isNull)) {
            return false;
        }
        // constant time, so a forger learns nothing from how fast the refusal comes
        return MessageDigest.isEqual(signature(parts).getBytes(StandardCharsets.US_ASCII),
                given.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    /** The signature of an encrypted reply. */
    public String sign(String timestamp, String nonce, String encrypted) {
        return signature(token, timestamp, nonce, encrypted);
    }

    public String encrypt(String message) {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        return encrypt(random, message);
    }

    /** With the 16 random bytes given: the official samples fix them, so their ciphertext is checkable. */
    public String encrypt(byte[] random16, String message) {
        byte[] msg = message.getBytes(StandardCharsets.UTF_8);
        byte[] id = receiveId.getBytes(StandardCharsets.UTF_8);
        int length = 16 + 4 + msg.length + id.length;
        int pad = BLOCK - length % BLOCK;
        ByteBuffer plain = ByteBuffer.allocate(length + pad);
        plain.put(random16, 0, 16).putInt(msg.length).put(msg).put(id);
        for (int i = 0; i < pad; i++) {
            plain.put((byte) pad);
        }
        try {
            return Base64.getEncoder().encodeToString(cipher(Cipher.ENCRYPT_MODE).doFinal(plain.array()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CBC is in every JDK", e);
        }
    }

    /**
     * @throws WxCryptoException when the text is not Base64, does not decrypt, is malformed, or was
     *                           made for another receive id
     */
    public String decrypt(String encrypted) {
        byte[] plain;
        try {
            byte[] data = Base64.getDecoder().decode(encrypted.strip());
            if (data.length == 0 || data.length % 16 != 0) {
                throw new WxCryptoException("the encrypted text is not whole AES blocks");
            }
            plain = cipher(Cipher.DECRYPT_MODE).doFinal(data);
        } catch (IllegalArgumentException e) {
            throw new WxCryptoException("the encrypted text is not Base64");
        } catch (GeneralSecurityException e) {
            throw new WxCryptoException("the encrypted text does not decrypt: " + e.getMessage());
        }
        int pad = plain.length == 0 ? 0 : plain[plain.length - 1] & 0xff;
        if (pad < 1 || pad > BLOCK || pad > plain.length - 20) {
            throw new WxCryptoException("bad padding in the decrypted text");
        }
        int end = plain.length - pad;
        int msgLength = ByteBuffer.wrap(plain, 16, 4).getInt();
        if (msgLength < 0 || 20 + msgLength > end) {
            throw new WxCryptoException("bad length in the decrypted text");
        }
        String id = new String(plain, 20 + msgLength, end - 20 - msgLength, StandardCharsets.UTF_8);
        if (!id.equals(receiveId)) {
            throw new WxCryptoException("the message was encrypted for another receive id");
        }
        return new String(plain, 20, msgLength, StandardCharsets.UTF_8);
    }

    private Cipher cipher(int mode) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(key, 0, 16));
        return cipher;
    }
}
