package io.metalfleet.inventory.domain;

import java.util.Locale;
import java.util.Optional;

/** Enum constants as the API spells them: lower case. */
final class ApiNames {

    private ApiNames() {
    }

    static String of(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    static <E extends Enum<E>> Optional<E> parse(Class<E> type, String name) {
        for (E value : type.getEnumConstants()) {
            if (of(value).equals(name)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
