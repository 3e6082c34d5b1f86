package io.mnemos.memory.profile.disgraph;

import java.util.Arrays;

/** A binary min-heap of (float key, int value) pairs without boxing. Not thread-safe. */
final class MinHeap {
    private float[] keys;
    private int[] values;
    private int size;

    MinHeap(int capacity) {
        keys = new float[Math.max(4, capacity)];
        values = new int[keys.length];
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void clear() {
        size = 0;
    }

    float peekKey() {
        return keys[0];
    }

    int peekValue() {
        return values[0];
    }

    void push(float key, int value) {
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (keys[parent] <= key) {
                break;
            }
            keys[i] = keys[parent];
            values[i] = values[parent];
            i = parent;
        }
        keys[i] = key;
        values[i] = value;
    }

    /** Removes the smallest pair and returns its value. */
    int pop() {
        int top = values[0];
        size--;
        if (size > 0) {
            float key = keys[size];
            int value = values[size];
            int i = 0;
            int half = size >>> 1;
            while (i < half) {
                int child = 2 * i + 1;
                int right = child + 1;
                if (right < size && keys[right] < keys[child]) {
                    child = right;
                }
                if (key <= keys[child]) {
                    break;
                }
                keys[i] = keys[child];
                values[i] = values[child];
                i = child;
            }
            keys[i] = key;
            values[i] = value;
        }
        return top;
    }

    float keyAt(int i) {
        return keys[i];
    }

    int valueAt(int i) {
        return values[i];
    }
}
