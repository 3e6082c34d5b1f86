package io.mnemos.vision.caption;

import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Objects;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * {@link ImageDescriber} on a LangChain4j {@link ChatModel} that accepts images (OpenAI-compatible servers, Ollama). The
 * image goes as a base64 JPEG ({@link ImageContent}) in one user message with the instruction; text already read by
 * OCR is added as a hint, so the model does not have to re-read small print.
 */
public final class ChatModelImageDescriber implements ImageDescriber {
    static final String CAPTION_PROMPT = "Describe this image in one or two sentences for a search index: what it"
            + " shows and, if it is a document or screenshot, what kind and about what. Describe only what is"
            + " visible; do not guess names, places or dates that the image does not show.";
    static final String QUESTION_PROMPT = "Answer the question about this image in at most three sentences, using"
            + " only what the image shows. If the image does not answer it, say so.\nQuestion: ";

    private final ChatModel model;
    private final String provider;
    private final String modelName;
    private final int maxOcrChars;

    /**
     * @param model       the chat model; must accept image inputs
     * @param provider    provider name reported with each description
     * @param modelName   model name reported with each description
     * @param maxOcrChars longest OCR hint passed to the model (longer text is cut)
     */
    public ChatModelImageDescriber(ChatModel model, String provider, String modelName, int maxOcrChars) {
        this.model = Objects.requireNonNull(model, "model");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.modelName = Objects.requireNonNull(modelName, "modelName");
        this.maxOcrChars = maxOcrChars;
    }

    @Override
    public Description describe(DescribeRequest request) {
        UserMessage message = UserMessage.from(
                TextContent.from(prompt(request)),
                ImageContent.from(Base64.getEncoder().encodeToString(jpeg(request.image())), "image/jpeg"));
        ChatResponse response;
        try {
            response = model.chat(message);
        } catch (RetriableException e) {
            throw new DescriptionFailedException(
                    provider + " model " + modelName + " is unavailable ("
                            + e.getClass().getSimpleName() + ")",
                    true,
                    e);
        } catch (AuthenticationException | ModelNotFoundException | InvalidRequestException e) {
            throw new DescriptionFailedException(
                    provider + " model " + modelName + " refused the request ("
                            + e.getClass().getSimpleName() + "); check mnemos.vision.caption.*",
                    false,
                    e);
        } catch (NonRetriableException e) {
            throw new DescriptionFailedException(
                    provider + " model " + modelName + " failed ("
                            + e.getClass().getSimpleName() + ")",
                    false,
                    e);
        } catch (RuntimeException e) { // connection refused, unknown host, malformed response
            throw new DescriptionFailedException(
                    provider + " model " + modelName + " could not be reached ("
                            + e.getClass().getSimpleName() + ")",
                    true,
                    e);
        }
        String text = response == null || response.aiMessage() == null
                ? null
                : response.aiMessage().text();
        if (text == null || text.isBlank()) {
            throw new DescriptionFailedException(
                    provider + " model " + modelName + " returned no text", true, new IllegalStateException());
        }
        return new Description(text.strip(), provider, modelName);
    }

    String prompt(DescribeRequest request) {
        StringBuilder p = new StringBuilder();
        if (request.question() == null || request.question().isBlank()) {
            p.append(CAPTION_PROMPT);
        } else {
            p.append(QUESTION_PROMPT).append(request.question().strip());
        }
        String ocr = request.ocrText();
        if (ocr != null && !ocr.isBlank()) {
            String hint = ocr.length() > maxOcrChars ? ocr.substring(0, maxOcrChars) + " …" : ocr;
            p.append("\n\nText recognised in the image by OCR (may contain errors):\n")
                    .append(hint);
        }
        return p.toString();
    }

    static byte[] jpeg(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.9f);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    @Override
    public String provider() {
        return provider;
    }

    @Override
    public String model() {
        return modelName;
    }
}
