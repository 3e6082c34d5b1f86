package io.mnemos.contracts.text;

import io.mnemos.contracts.json.JsonErrors;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.module.SimpleModule;

/**
 * NUL ({@code \u0000}) in text. PostgreSQL cannot store it in {@code text} or {@code jsonb} (the insert fails with
 * "invalid byte sequence for encoding UTF8: 0x00"), so a NUL in a request must be a 400 naming the field, found when
 * the request is read rather than when the database refuses it.
 */
public final class NulCharacters {
    /** What is wrong, after the field name: "Field 'text' " + MESSAGE. */
    public static final String MESSAGE = "must not contain NUL characters (\\u0000): they cannot be stored";

    private NulCharacters() {}

    /** Whether {@code s} holds a NUL character. */
    public static boolean contains(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\0') {
                return true;
            }
        }
        return false;
    }

    /**
     * A Jackson module that fails deserialisation of a JSON string or object key holding NUL with {@link
     * NulCharacterException}. For request bodies only: a client's mapper must still read whatever a server sends.
     * Strings read as {@code JsonNode} are not checked (their readers must check the values they store).
     */
    public static JacksonModule module() {
        return new SimpleModule("mnemos-nul-characters")
                .addDeserializer(String.class, new RejectingStringDeserializer())
                .addKeyDeserializer(String.class, new RejectingKeyDeserializer());
    }

    /** A JSON string (value or object key) held NUL; {@link #path} names where. */
    public static final class NulCharacterException extends MismatchedInputException {
        private static final long serialVersionUID = 1L;

        NulCharacterException(JsonParser p, String what) {
            super(p, what + " " + MESSAGE, String.class);
        }

        /** Where in the body, e.g. {@code messages[2].content}; empty for a root string. */
        public String field() {
            return JsonErrors.path(this);
        }
    }

    private static final class RejectingStringDeserializer extends StringDeserializer {
        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) {
            String value = super.deserialize(p, ctxt);
            if (value != null && contains(value)) {
                throw new NulCharacterException(p, "A string");
            }
            return value;
        }
    }

    private static final class RejectingKeyDeserializer extends KeyDeserializer {
        @Override
        public Object deserializeKey(String key, DeserializationContext ctxt) {
            if (contains(key)) {
                throw new NulCharacterException(ctxt.getParser(), "An object key");
            }
            return key;
        }
    }
}
