package io.metalfleet.simulator.fleet;

import java.util.List;

/** Virtual media of one BMC's manager: per slot, the inserted image (null when empty). */
public final class MediaSlots {

    private final String[] images;
    private final boolean[] writeProtected;
    private int version;

    public MediaSlots(int slots) {
        images = new String[slots];
        writeProtected = new boolean[slots];
    }

    public synchronized void insert(int slot, String image, boolean wp) {
        images[slot] = image;
        writeProtected[slot] = wp;
        version++;
    }

    public synchronized boolean eject(int slot) {
        boolean was = images[slot] != null;
        images[slot] = null;
        version++;
        return was;
    }

    public synchronized String image(int slot) {
        return images[slot];
    }

    public synchronized boolean writeProtected(int slot) {
        return writeProtected[slot];
    }

    public synchronized int version() {
        return version;
    }

    public synchronized List<String> inserted() {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        for (String i : images) {
            if (i != null) {
                out.add(i);
            }
        }
        return out;
    }
}
