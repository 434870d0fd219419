package io.flowpulse.ingest.protowire;

/** Offsets and lengths of the occurrences of a repeated field, in order. Reused between events. */
final class Spans {

    private int[] data = new int[16];
    private int count;

    void clear() {
        count = 0;
    }

    void add(int offset, int length) {
        if (2 * count + 2 > data.length) {
            data = java.util.Arrays.copyOf(data, data.length * 2);
        }
        data[2 * count] = offset;
        data[2 * count + 1] = length;
        count++;
    }

    int size() {
        return count;
    }

    int offset(int i) {
        return data[2 * i];
    }

    int length(int i) {
        return data[2 * i + 1];
    }
}
