package io.mnemos.vision.caption;

import java.awt.image.BufferedImage;

/**
 * Describes an image in words, or answers a question about it, with a vision-capable model.
 *
 * <p>Edge cases: the answer is whatever the model says (the service never invents a caption when no describer is
 * configured: it reports {@code captionStatus: "not-configured"} instead). A blank answer from the model is a failure.
 * Implementations are thread-safe; each call is one model request, so callers bound how often they call.
 */
public interface ImageDescriber {

    /**
     * Describes the image, or answers {@link DescribeRequest#question()}.
     *
     * @throws DescriptionFailedException if the model cannot be reached or refuses
     */
    Description describe(DescribeRequest request);

    /** A one- or two-sentence caption. */
    default Description caption(BufferedImage image) {
        return describe(DescribeRequest.caption(image));
    }

    /** Provider name, e.g. {@code openai}. */
    String provider();

    /** Model name, as configured. */
    String model();
}
