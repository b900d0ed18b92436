package io.metalfleet.inventory.security;

import java.nio.charset.StandardCharsets;

/** A BMC's username and password. {@link #toString()} never shows the password. */
public record BmcCredentials(String username, String password) {

    byte[] encoded() {
        return (username + '\0' + password).getBytes(StandardCharsets.UTF_8);
    }

    static BmcCredentials decode(byte[] plain) {
        String text = new String(plain, StandardCharsets.UTF_8);
        int split = text.indexOf('\0');
        return new BmcCredentials(text.substring(0, split), text.substring(split + 1));
    }

    @Override
    public String toString() {
        return "BmcCredentials[username=" + username + ", password=***]";
    }
}
