package io.mnemos.vision;

import io.mnemos.vision.caption.ImageDescriber;
import io.mnemos.vision.caption.ImageDescribers;
import io.mnemos.vision.image.ImageDecoder;
import io.mnemos.vision.ocr.TesseractTextRecognizer;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the image decoder, the OCR engine pool and the optional caption model from {@link VisionProperties}. */
@Configuration(proxyBeanMethods = false)
class VisionConfiguration {

    @Bean
    ImageDecoder imageDecoder(VisionProperties props) {
        return new ImageDecoder(props.maxImageSize().toBytes(), props.maxPixels(), props.previewMaxSide());
    }

    @Bean(destroyMethod = "close")
    TesseractTextRecognizer textRecognizer(VisionProperties props) {
        VisionProperties.Ocr ocr = props.ocr();
        return new TesseractTextRecognizer(new TesseractTextRecognizer.Settings(
                props.tessdata(),
                ocr.language(),
                ocr.workers(),
                ocr.queueSize(),
                ocr.queueTimeout(),
                ocr.timeout(),
                ocr.dpi(),
                ocr.autoRotate()));
    }

    /** Absent (null) when {@code mnemos.vision.caption.provider} is {@code none}. */
    @Bean
    @Nullable
    ImageDescriber imageDescriber(VisionProperties props) {
        VisionProperties.Caption c = props.caption();
        Optional<ImageDescriber> describer =
                ImageDescribers.create(c.provider(), c.baseUrl(), c.model(), c.apiKey(), c.timeout(), c.maxOcrChars());
        return describer.orElse(null);
    }
}
