/**
 * Captions and visual question answering. {@link io.mnemos.vision.caption.ImageDescriber} is the seam;
 * {@link io.mnemos.vision.caption.ChatModelImageDescriber} sends the image (base64 JPEG) and the instruction to a
 * LangChain4j chat model: any OpenAI-compatible Chat Completions server or Ollama. With no provider configured there is
 * no describer, and the service says {@code captionStatus: "not-configured"} rather than inventing a caption.
 */
package io.mnemos.vision.caption;
