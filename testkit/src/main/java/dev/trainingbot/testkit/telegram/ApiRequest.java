package dev.trainingbot.testkit.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters of one Bot API call, as Telegram reads them: from the query string and from a JSON,
 * form-encoded or multipart body. Values of form and multipart fields are strings; a string that holds JSON (a
 * {@code reply_markup}) is parsed when asked for as an object.
 */
final class ApiRequest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode params;
    private final Map<String, FilePart> files;

    record FilePart(String fileName, String contentType, byte[] content) {}

    private ApiRequest(ObjectNode params, Map<String, FilePart> files) {
        this.params = params;
        this.files = files;
    }

    static ApiRequest parse(String query, String contentType, byte[] body) {
        ObjectNode params = JSON.createObjectNode();
        Map<String, FilePart> files = new HashMap<>();
        if (query != null) {
            form(query, params);
        }
        String type = contentType == null ? "" : contentType.toLowerCase();
        if (body.length > 0) {
            if (type.startsWith("application/json")) {
                try {
                    JsonNode json = JSON.readTree(body);
                    if (!(json instanceof ObjectNode object)) {
                        throw ApiError.badRequest("request body is not a JSON object");
                    }
                    params.setAll(object);
                } catch (IOException e) {
                    throw ApiError.badRequest("can't parse JSON: "
                            + e.getMessage().lines().findFirst().orElse(""));
                }
            } else if (type.startsWith("application/x-www-form-urlencoded")) {
                form(new String(body, StandardCharsets.UTF_8), params);
            } else if (type.startsWith("multipart/form-data")) {
                multipart(boundary(contentType), body, params, files);
            }
        }
        return new ApiRequest(params, files);
    }

    Optional<String> string(String name) {
        JsonNode value = params.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        return Optional.of(value.isTextual() ? value.asText() : value.toString());
    }

    String required(String name) {
        return string(name)
                .filter(v -> !v.isEmpty())
                .orElseThrow(() -> ApiError.badRequest("parameter \"" + name + "\" is required"));
    }

    long requiredLong(String name) {
        String value = required(name);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(name.equals("chat_id") ? "chat not found" : name + " is invalid");
        }
    }

    Optional<Long> optionalLong(String name) {
        return string(name).map(value -> {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw ApiError.badRequest(name + " is invalid");
            }
        });
    }

    boolean bool(String name) {
        return string(name).map(v -> v.equals("true") || v.equals("1")).orElse(false);
    }

    /** An object parameter, also when it came as a JSON string (form and multipart bodies). */
    Optional<JsonNode> object(String name) {
        JsonNode value = params.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (value instanceof TextNode text) {
            try {
                return Optional.of(JSON.readTree(text.asText()));
            } catch (IOException e) {
                throw ApiError.badRequest("can't parse " + name + " JSON object");
            }
        }
        return Optional.of(value);
    }

    Optional<FilePart> file(String name) {
        return Optional.ofNullable(files.get(name));
    }

    private static void form(String encoded, ObjectNode params) {
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.put(key, value);
        }
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    private static String boundary(String contentType) {
        for (String part : contentType.split(";")) {
            String trimmed = part.strip();
            if (trimmed.toLowerCase().startsWith("boundary=")) {
                String boundary = trimmed.substring("boundary=".length());
                return boundary.startsWith("\"") ? boundary.substring(1, boundary.length() - 1) : boundary;
            }
        }
        throw ApiError.badRequest("multipart body without a boundary");
    }

    /** Splits a multipart body at {@code --boundary} lines; each part has headers, a blank line, and content. */
    private static void multipart(String boundary, byte[] body, ObjectNode params, Map<String, FilePart> files) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int position = indexOf(body, delimiter, 0);
        while (position >= 0) {
            int start = position + delimiter.length;
            if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
                return;
            }
            start += 2; // CRLF after the delimiter
            int next = indexOf(body, delimiter, start);
            if (next < 0) {
                throw ApiError.badRequest("multipart body is truncated");
            }
            int end = next - 2; // CRLF before the next delimiter
            byte[] blank = {'\r', '\n', '\r', '\n'};
            int headersEnd = indexOf(body, blank, start);
            if (headersEnd < 0 || headersEnd > end) {
                throw ApiError.badRequest("multipart part without headers");
            }
            String headers = new String(body, start, headersEnd - start, StandardCharsets.UTF_8);
            byte[] content = Arrays.copyOfRange(body, headersEnd + 4, Math.max(headersEnd + 4, end));
            String name = headerParameter(headers, "name");
            String fileName = headerParameter(headers, "filename");
            if (name != null) {
                if (fileName != null) {
                    files.put(name, new FilePart(fileName, contentType(headers), content));
                } else {
                    params.put(name, new String(content, StandardCharsets.UTF_8));
                }
            }
            position = next;
        }
    }

    private static String headerParameter(String headers, String parameter) {
        for (String line : headers.split("\r\n")) {
            if (!line.toLowerCase().startsWith("content-disposition:")) {
                continue;
            }
            for (String part : line.split(";")) {
                String trimmed = part.strip();
                if (trimmed.startsWith(parameter + "=")) {
                    String value = trimmed.substring(parameter.length() + 1);
                    return value.startsWith("\"") ? value.substring(1, value.length() - 1) : value;
                }
            }
        }
        return null;
    }

    private static String contentType(String headers) {
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-type:")) {
                return line.substring("content-type:".length()).strip();
            }
        }
        return "application/octet-stream";
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
