package io.metalfleet.local.demo;

import java.net.http.HttpHeaders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/** One answer of the gateway: what was asked, the status, the headers and the body (as JSON when it is). */
public record ApiResponse(String method, String path, int status, HttpHeaders headers, String body, JsonNode json) {

    public JsonNode json() {
        return json == null ? MissingNode.getInstance() : json;
    }

    /** For failure messages: the request line, the status and the body, cut to a readable length. */
    public String describe() {
        String shown = body == null || body.isBlank() ? "(empty body)" : body.strip();
        if (shown.length() > 2000) {
            shown = shown.substring(0, 2000) + "… (" + body.length() + " characters)";
        }
        return method + " " + path + " → HTTP " + status + " " + shown;
    }
}
