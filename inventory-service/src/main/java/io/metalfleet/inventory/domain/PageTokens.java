package io.metalfleet.inventory.domain;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.metalfleet.inventory.api.ApiException;
import io.metalfleet.inventory.persistence.ServerRepository.PageKey;

/**
 * Opaque AIP-158 page tokens: the key of the last row returned and a fingerprint of the query, so
 * a token is refused when replayed with other filters or an edited value.
 */
public final class PageTokens {

    private PageTokens() {
    }

    public static String encode(PageKey key, int queryFingerprint) {
        String text = key.seq() + "|" + queryFingerprint;
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(bytes.length + 4).put(bytes).putInt(checksum(bytes));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
    }

    public static PageKey decode(String token, int queryFingerprint) {
        try {
            byte[] raw = Base64.getUrlDecoder().decode(token);
            if (raw.length < 5) {
                throw invalid();
            }
            ByteBuffer buffer = ByteBuffer.wrap(raw);
            byte[] bytes = new byte[raw.length - 4];
            buffer.get(bytes);
            if (buffer.getInt() != checksum(bytes)) {
                throw invalid();
            }
            String[] parts = new String(bytes, StandardCharsets.UTF_8).split("\\|");
            if (parts.length != 2) {
                throw invalid();
            }
            if (Integer.parseInt(parts[1]) != queryFingerprint) {
                throw ApiException.badRequest("pageToken", "was issued for a query with other filters");
            }
            return new PageKey(Long.parseLong(parts[0]));
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    private static int checksum(byte[] bytes) {
        int h = 0x5f3759df;
        for (byte b : bytes) {
            h = 31 * h + b;
        }
        return h;
    }

    private static ApiException invalid() {
        return ApiException.badRequest("pageToken", "is not a token this API issued");
    }
}
