package io.camelgateway.api;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.type.CollectionType;

/** A message's content: either a plain string or a list of typed parts, written back in the shape it came in. */
@JsonSerialize(using = MessageContent.Writer.class)
@JsonDeserialize(using = MessageContent.Reader.class)
public final class MessageContent {
    private final String text;
    private final List<ContentPart> parts;

    private MessageContent(String text, List<ContentPart> parts) {
        this.text = text;
        this.parts = parts;
    }

    public static MessageContent text(String text) {
        return new MessageContent(text, null);
    }

    public static MessageContent parts(List<ContentPart> parts) {
        return new MessageContent(null, List.copyOf(parts));
    }

    public boolean isText() {
        return parts == null;
    }

    /** The parts; a plain string reads as one text part. */
    public List<ContentPart> parts() {
        return parts != null ? parts : List.of(ContentPart.text(text));
    }

    public String joinedText() {
        if (parts == null) {
            return text;
        }
        StringBuilder sb = new StringBuilder();
        for (ContentPart part : parts) {
            if (part.text != null) {
                if (sb.length() > 0) {
                    sb.append('\n');
                }
                sb.append(part.text);
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return isText() ? text : parts.toString();
    }

    static final class Writer extends JsonSerializer<MessageContent> {
        @Override
        public void serialize(MessageContent value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (value.parts == null) {
                gen.writeString(value.text);
            } else {
                provider.defaultSerializeValue(value.parts, gen);
            }
        }
    }

    static final class Reader extends JsonDeserializer<MessageContent> {
        @Override
        public MessageContent deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                return text(p.getText());
            }
            if (p.currentToken() == JsonToken.START_ARRAY) {
                CollectionType type = ctxt.getTypeFactory().constructCollectionType(List.class, ContentPart.class);
                List<ContentPart> parts = ctxt.readValue(p, type);
                for (int i = 0; i < parts.size(); i++) {
                    if (parts.get(i) == null) {
                        MismatchedInputException e = MismatchedInputException.from(p, ContentPart.class,
                                "A content part must be an object, not null.");
                        e.prependPath(parts, i);
                        throw e;
                    }
                }
                return parts(parts);
            }
            return (MessageContent) ctxt.handleUnexpectedToken(MessageContent.class, p);
        }

        @Override
        public MessageContent getNullValue(DeserializationContext ctxt) {
            return null;
        }
    }
}
