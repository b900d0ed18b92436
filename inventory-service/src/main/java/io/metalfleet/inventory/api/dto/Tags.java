package io.metalfleet.inventory.api.dto;

/** The rules of tag keys, shared by enrollment, update and the list filter. */
public final class Tags {

    public static final String KEY_PATTERN = "[A-Za-z0-9]([A-Za-z0-9._/-]{0,61}[A-Za-z0-9])?";
    public static final String KEY_MESSAGE = "tag keys are 1-63 characters of letters, digits, '-', '_', '.' and '/', starting and ending with a letter or digit";

    private Tags() {
    }
}
