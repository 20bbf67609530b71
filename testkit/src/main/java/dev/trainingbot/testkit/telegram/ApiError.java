package dev.trainingbot.testkit.telegram;

/**
 * A Bot API refusal, answered as {@code {"ok":false,"error_code":…,"description":…}} with the HTTP status equal to
 * the error code, and {@code "parameters":{"retry_after":…}} for 429.
 */
final class ApiError extends RuntimeException {

    final int code;
    final Integer retryAfter;

    ApiError(int code, String description) {
        this(code, description, null);
    }

    ApiError(int code, String description, Integer retryAfter) {
        super(description, null, false, false);
        this.code = code;
        this.retryAfter = retryAfter;
    }

    static ApiError badRequest(String what) {
        return new ApiError(400, "Bad Request: " + what);
    }

    static ApiError tooManyRequests(int retryAfter) {
        return new ApiError(429, "Too Many Requests: retry after " + retryAfter, retryAfter);
    }
}
