package io.metalfleet.simulator.redfish;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Arrays;

/**
 * A resource body split into what all BMCs of a model share and what is theirs. The shared part is
 * serialized once; rendering appends a small object of per-BMC fields. That keeps a GET of a 6 KB
 * ComputerSystem at a few microseconds and 10,000 BMCs at one copy of the document.
 */
public final class Template {

    private final byte[] prefix;
    private final boolean empty;

    /** {@code base} minus the keys in {@code dynamic}; the caller supplies those at render time. */
    public Template(ObjectNode base, String... dynamic) {
        ObjectNode copy = base.deepCopy();
        copy.remove(Arrays.asList(dynamic));
        byte[] whole = Json.bytes(copy);
        this.empty = copy.isEmpty();
        this.prefix = Arrays.copyOf(whole, whole.length - 1);
    }

    public byte[] render(ObjectNode dynamic) {
        return withTail(tail(dynamic));
    }

    /** What follows the shared part for these per-BMC fields (what a BMC may keep instead of the whole body). */
    public byte[] tail(ObjectNode dynamic) {
        byte[] fields = Json.bytes(dynamic);
        if (dynamic.isEmpty()) {
            return new byte[] {'}'};
        }
        // fields is {...}: drop its '{', and open with ',' unless the shared part has no field
        int skip = empty ? 1 : 0;
        byte[] out = new byte[fields.length - skip];
        System.arraycopy(fields, 1, out, 1 - skip, fields.length - 1);
        if (!empty) {
            out[0] = ',';
        }
        return out;
    }

    /** The whole body: the shared part, then a {@link #tail}. */
    public byte[] withTail(byte[] tail) {
        byte[] out = Arrays.copyOf(prefix, prefix.length + tail.length);
        System.arraycopy(tail, 0, out, prefix.length, tail.length);
        return out;
    }
}
