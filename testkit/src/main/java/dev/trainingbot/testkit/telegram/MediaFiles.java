package dev.trainingbot.testkit.telegram;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The files the emulated Telegram holds, as the Bot API's send methods take them: an upload (a multipart part, named
 * by the field or by {@code attach://<name>}), a {@code file_id} this emulator issued, or an https URL Telegram
 * fetches. An unknown file_id — or one {@linkplain #forgetAll forgotten}, as Telegram does when a file reference
 * expires — is refused with Telegram's 400. Uploads are counted, so a test can tell an upload from a reuse. Uploads
 * over the Bot API's limits are refused: 50 MB for any file, 10 MB for a photo. A URL whose host ends in
 * {@code .invalid} (reserved: it never resolves) is one Telegram cannot fetch, refused with its 400.
 */
final class MediaFiles {

    static final long MAX_UPLOAD = 50L * 1024 * 1024;
    static final long MAX_PHOTO = 10L * 1024 * 1024;
    static final String WRONG_FILE_ID = "wrong file identifier/HTTP URL specified";

    private final Map<String, Document> byFileId = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> uploads = new ConcurrentHashMap<>();
    private final AtomicLong fetches = new AtomicLong();
    private final AtomicLong nextId = new AtomicLong(1);

    /** The file a send method's {@code kind} field names, stored under a new file_id when it is new. */
    Document resolve(ApiRequest request, String kind) {
        String reference = request.string(kind).orElse("");
        Optional<ApiRequest.FilePart> part = request.file(kind)
                .or(() -> reference.startsWith("attach://")
                        ? request.file(reference.substring("attach://".length()))
                        : Optional.empty());
        if (part.isPresent()) {
            return upload(kind, part.get());
        }
        if (reference.isEmpty() || reference.startsWith("attach://")) {
            throw ApiError.badRequest("there is no " + kind + " in the request");
        }
        if (reference.startsWith("https://") || reference.startsWith("http://")) {
            return fetch(kind, reference);
        }
        Document known = byFileId.get(reference);
        if (known == null) {
            throw ApiError.badRequest(WRONG_FILE_ID);
        }
        return known;
    }

    private Document upload(String kind, ApiRequest.FilePart part) {
        long size = part.content().length;
        if (size > MAX_UPLOAD) {
            throw new ApiError(413, "Request Entity Too Large");
        }
        if ("photo".equals(kind) && size > MAX_PHOTO) {
            throw ApiError.badRequest("PHOTO_INVALID_DIMENSIONS");
        }
        if (size == 0) {
            throw ApiError.badRequest("file must be non-empty");
        }
        uploads.computeIfAbsent(part.fileName(), name -> new AtomicLong()).incrementAndGet();
        return store(new Document(kind, newId(kind), part.fileName(), part.contentType(), part.content()));
    }

    private Document fetch(String kind, String url) {
        URI uri = URI.create(url);
        if (uri.getHost() == null || uri.getHost().endsWith(".invalid")) {
            throw ApiError.badRequest("failed to get HTTP URL content");
        }
        fetches.incrementAndGet();
        String path = uri.getPath();
        String name = path == null || path.isEmpty() ? url : path.substring(path.lastIndexOf('/') + 1);
        return store(new Document(kind, newId(kind), name, "application/octet-stream", url.getBytes()));
    }

    private Document store(Document document) {
        byFileId.put(document.fileId(), document);
        return document;
    }

    private String newId(String kind) {
        return (kind.equals("document") ? "doc" : kind) + nextId.getAndIncrement();
    }

    Optional<Document> file(String fileId) {
        return Optional.ofNullable(byFileId.get(fileId));
    }

    /** Uploads of files named {@code fileName} (multipart parts) so far. */
    long uploads(String fileName) {
        AtomicLong count = uploads.get(fileName);
        return count == null ? 0 : count.get();
    }

    /** Every upload so far. */
    long uploads() {
        return uploads.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** URLs fetched so far. */
    long fetches() {
        return fetches.get();
    }

    /** Forgets every file_id issued so far: sends naming them get Telegram's 400, as after an expired reference. */
    void forgetAll() {
        byFileId.clear();
    }
}
