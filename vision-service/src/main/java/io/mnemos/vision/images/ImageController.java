package io.mnemos.vision.images;

import io.mnemos.vision.VisionProperties;
import io.mnemos.vision.image.InvalidImageException;
import io.mnemos.vision.ocr.PageLayout;
import io.mnemos.web.problem.BadRequestProblem;
import io.mnemos.web.problem.FieldViolation;
import io.mnemos.web.problem.ProblemException;
import io.mnemos.web.security.RequiresScope;
import io.mnemos.web.security.TenantContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * The image API: upload (multipart or base64 JSON), read and delete image records. Every call is scoped to the
 * caller's tenant; another tenant's image is "not found".
 */
@RestController
@RequestMapping("/v1/images")
public class ImageController {
    /** Longest question accepted. */
    static final int MAX_QUESTION = 2000;
    /** Longest file name kept. */
    static final int MAX_FILENAME = 255;

    private final ImageService images;
    private final VisionProperties props;

    public ImageController(ImageService images, VisionProperties props) {
        this.images = images;
        this.props = props;
    }

    /**
     * Uploads an image as {@code multipart/form-data}: the image in the part {@code file}; optional form fields {@code
     * question} (asked of the caption model) and {@code layout} (OCR: {@code auto}, {@code line}, {@code block}, {@code
     * page}).
     */
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @RequiresScope("vision:write")
    public ResponseEntity<ImageView> uploadMultipart(
            @RequestPart(name = "file", required = false) @Nullable MultipartFile file,
            @RequestParam(name = "question", required = false) @Nullable String question,
            @RequestParam(name = "layout", required = false) @Nullable String layout) {
        if (file == null) {
            throw ImageProblems.missingImage(props.maxImageSize(), props.maxPixels());
        }
        byte[] data;
        try {
            data = file.getBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return process(data, file.getOriginalFilename(), question, layout);
    }

    /** Uploads an image as JSON: {@code {"data": "<base64>", "filename"?, "question"?, "layout"?}}. */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope("vision:write")
    public ResponseEntity<ImageView> uploadJson(@RequestBody ImageUpload body) {
        if (body.data() == null) {
            throw ImageProblems.missingImage(props.maxImageSize(), props.maxPixels());
        }
        return process(base64(body.data()), body.filename(), body.question(), body.layout());
    }

    /** An image record of the caller's tenant. */
    @GetMapping("/{id}")
    @RequiresScope("vision:read")
    public ImageView get(@PathVariable("id") UUID id) {
        return ImageView.of(images.get(TenantContext.tenant(), id));
    }

    /** Deletes an image record of the caller's tenant. */
    @DeleteMapping("/{id}")
    @RequiresScope("vision:write")
    public ResponseEntity<Void> delete(@PathVariable("id") UUID id) {
        images.delete(TenantContext.tenant(), id);
        return ResponseEntity.noContent().build();
    }

    private ResponseEntity<ImageView> process(
            byte[] data, @Nullable String filename, @Nullable String question, @Nullable String layout) {
        ImageService.Upload upload =
                new ImageService.Upload(data, cleanFilename(filename), cleanQuestion(question), layout(layout));
        ImageRecord record = images.process(TenantContext.tenant(), upload);
        return ResponseEntity.created(URI.create("/v1/images/" + record.id())).body(ImageView.of(record));
    }

    /** Decodes the JSON {@code data} field, refusing oversized input before decoding it. */
    byte[] base64(String data) {
        String s = data.strip();
        if (s.startsWith("data:")) {
            int comma = s.indexOf(',');
            if (comma < 0 || !s.substring(0, comma).endsWith(";base64")) {
                throw ImageProblems.invalidBase64(
                        "a data: URL must be base64-encoded, like data:image/png;base64,iVBOR…",
                        props.maxImageSize(),
                        props.maxPixels());
            }
            s = s.substring(comma + 1);
        }
        s = s.replaceAll("\\s+", "");
        long estimated = (long) s.length() * 3 / 4;
        if (estimated > props.maxImageSize().toBytes() + 2) {
            throw ImageProblems.invalidImage(
                    new InvalidImageException(
                            InvalidImageException.Reason.TOO_MANY_BYTES,
                            "The image is about " + estimated + " bytes; at most "
                                    + props.maxImageSize().toBytes()
                                    + " are accepted. Send a smaller or more compressed image."),
                    props.maxImageSize(),
                    props.maxPixels());
        }
        boolean urlSafe = s.indexOf('-') >= 0 || s.indexOf('_') >= 0;
        try {
            return (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(s);
        } catch (IllegalArgumentException e) {
            throw ImageProblems.invalidBase64(e.getMessage(), props.maxImageSize(), props.maxPixels());
        }
    }

    static @Nullable String cleanFilename(@Nullable String filename) {
        if (filename == null) {
            return null;
        }
        String name = filename.substring(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1)
                .replaceAll("\\p{Cntrl}", "")
                .strip();
        if (name.isEmpty()) {
            return null;
        }
        return name.length() <= MAX_FILENAME ? name : name.substring(0, MAX_FILENAME);
    }

    static @Nullable String cleanQuestion(@Nullable String question) {
        if (question == null || question.isBlank()) {
            return null;
        }
        String q = question.strip();
        if (q.length() > MAX_QUESTION) {
            throw invalidField("question", "must be at most " + MAX_QUESTION + " characters, got " + q.length());
        }
        return q;
    }

    static PageLayout layout(@Nullable String layout) {
        if (layout == null || layout.isBlank()) {
            return PageLayout.AUTO;
        }
        try {
            return PageLayout.ofId(layout);
        } catch (IllegalArgumentException e) {
            throw invalidField("layout", "must be one of auto, line, block, page; got '" + abbreviate(layout) + "'");
        }
    }

    private static ProblemException invalidField(String field, String message) {
        return new BadRequestProblem(
                        "invalid-field", "Invalid field", "Field '" + field + "' " + message + ". Fix it and retry.")
                .with("errors", List.of(new FieldViolation(field, message)));
    }

    private static String abbreviate(String s) {
        String one = s.replaceAll("\\p{Cntrl}", "?");
        return one.length() <= 40 ? one : one.substring(0, 37) + "...";
    }
}
