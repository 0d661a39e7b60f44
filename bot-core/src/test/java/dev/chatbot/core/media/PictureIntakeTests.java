package dev.chatbot.core.media;

import dev.chatbot.testsupport.TestPictures;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PictureIntakeTests {

    final PictureIntake intake = new PictureIntake(Photos.DEFAULT_MAX_PIXELS);

    @Test
    void a_large_png_becomes_a_jpeg_with_its_long_side_at_1568() {
        PictureIntake.Picture p = intake.process(TestPictures.png(3000, 2000));
        assertThat(PictureFormat.sniff(p.jpeg())).contains(PictureFormat.JPEG);
        assertThat(TestPictures.size(p.jpeg())).containsExactly(1568, 1045);
        assertThat(new int[] {p.width(), p.height()}).containsExactly(1568, 1045);
    }

    @Test
    void a_small_picture_keeps_its_size() {
        PictureIntake.Picture p = intake.process(TestPictures.jpeg(640, 480));
        assertThat(TestPictures.size(p.jpeg())).containsExactly(640, 480);
    }

    @Test
    void a_header_claiming_forty_megapixels_is_refused_before_decoding() {
        assertThatThrownBy(() -> intake.process(TestPictures.pngClaiming(8000, 5000)))
                .isInstanceOfSatisfying(MediaRefusedException.class,
                        e -> assertThat(e.textKey()).isEqualTo("photo.too.big.pixels"));
    }

    @Test
    void webp_corrupt_and_non_pictures_are_refused_each_with_its_note() {
        assertThatThrownBy(() -> intake.process(TestPictures.webp()))
                .isInstanceOfSatisfying(MediaRefusedException.class, e -> assertThat(e.textKey()).isEqualTo("photo.format"));
        assertThatThrownBy(() -> intake.process(TestPictures.corruptJpeg()))
                .isInstanceOfSatisfying(MediaRefusedException.class, e -> assertThat(e.textKey()).isEqualTo("photo.unreadable"));
        assertThatThrownBy(() -> intake.process("hello, not a picture".getBytes()))
                .isInstanceOfSatisfying(MediaRefusedException.class, e -> assertThat(e.textKey()).isEqualTo("photo.unreadable"));
    }
}
