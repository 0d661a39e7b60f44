package dev.chatbot.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbot.core.media.MediaRefusedException;
import dev.chatbot.testsupport.TestPictures;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PictureUploadTests {

    @Test
    void a_png_or_jpeg_within_the_limit_goes_as_it_is() {
        byte[] png = TestPictures.png(64, 32);
        assertThat(PictureUpload.fit(png, PictureUpload.MP_MAX_BYTES))
                .satisfies(f -> assertThat(f.bytes()).isSameAs(png))
                .extracting(PictureUpload.Fitted::fileName, PictureUpload.Fitted::contentType)
                .containsExactly("image.png", "image/png");
        byte[] jpeg = TestPictures.jpeg(64, 32);
        assertThat(PictureUpload.fit(jpeg, PictureUpload.MP_MAX_BYTES).contentType()).isEqualTo("image/jpeg");
    }

    @Test
    void a_png_over_the_limit_becomes_a_jpeg_within_it() {
        byte[] noisy = TestPictures.noisy(1024, 1024);
        assertThat(noisy.length).isGreaterThan((int) PictureUpload.MP_MAX_BYTES);
        PictureUpload.Fitted fitted = PictureUpload.fit(noisy, PictureUpload.MP_MAX_BYTES);
        assertThat(fitted.contentType()).isEqualTo("image/jpeg");
        assertThat(fitted.fileName()).isEqualTo("image.jpg");
        assertThat(fitted.bytes().length).isLessThanOrEqualTo((int) PictureUpload.MP_MAX_BYTES);
        assertThat(TestPictures.size(fitted.bytes())).containsExactly(1024, 1024);
    }

    @Test
    void a_format_wechat_does_not_take_becomes_a_jpeg_and_one_that_cannot_be_read_is_refused() {
        byte[] gif = TestPictures.gif(40, 20);
        PictureUpload.Fitted fitted = PictureUpload.fit(gif, PictureUpload.WECOM_MAX_BYTES);
        assertThat(fitted.contentType()).isEqualTo("image/jpeg");
        assertThat(Arrays.copyOf(fitted.bytes(), 2)).containsExactly(0xFF, 0xD8);
        assertThatThrownBy(() -> PictureUpload.fit(TestPictures.webp(), PictureUpload.WECOM_MAX_BYTES))
                .isInstanceOf(MediaRefusedException.class);
    }

    @Test
    void a_stream_picture_carries_the_bytes_in_base64_and_their_md5() {
        StreamPicture picture = StreamPicture.of("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(picture.base64()).isEqualTo("YWJj");
        assertThat(picture.md5()).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
    }
}
