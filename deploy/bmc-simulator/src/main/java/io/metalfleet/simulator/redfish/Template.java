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
        byte[] tail = Json.bytes(dynamic);
        if (dynamic.isEmpty()) {
            byte[] out = Arrays.copyOf(prefix, prefix.length + 1);
            out[prefix.length] = '}';
            return out;
        }
        int skip = empty ? 1 : 0;
        byte[] out = new byte[prefix.length + tail.length - skip];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(tail, 1, out, prefix.length + 1 - skip, tail.length - 1);
        if (!empty) {
            out[prefix.length] = ',';
        }
        return out;
    }
}
