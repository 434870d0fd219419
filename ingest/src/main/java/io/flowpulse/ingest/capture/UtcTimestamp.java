package io.flowpulse.ingest.capture;

import io.flowpulse.ingest.protowire.LeftToReferencePath;
import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * Reads a timestamp as Hubble writes it, RFC 3339 in UTC with 0 to 9 fraction digits
 * ({@code 2021-11-10T10:40:56.465597700Z}), into seconds and nanoseconds; anything else is left to
 * the reference path. One instance per transcoder, reused, so the hot path allocates nothing.
 */
final class UtcTimestamp {

    private static final LeftToReferencePath GIVE_UP = LeftToReferencePath.INSTANCE;

    private long seconds;
    private int nanos;

    void parse(char[] text, int offset, int length) throws LeftToReferencePath {
        if (length < 20 || text[offset + length - 1] != 'Z' || text[offset + 4] != '-' || text[offset + 7] != '-'
                || text[offset + 10] != 'T' || text[offset + 13] != ':' || text[offset + 16] != ':') {
            throw GIVE_UP;
        }
        int year = digits(text, offset, 4);
        int month = digits(text, offset + 5, 2);
        int day = digits(text, offset + 8, 2);
        int hour = digits(text, offset + 11, 2);
        int minute = digits(text, offset + 14, 2);
        int second = digits(text, offset + 17, 2);
        int fraction = 0;
        int fractionDigits = length - 21; // between the '.' at 19 and the final 'Z'
        if (length > 20) {
            if (text[offset + 19] != '.' || fractionDigits < 1 || fractionDigits > 9) {
                throw GIVE_UP;
            }
            fraction = digits(text, offset + 20, fractionDigits);
            for (int i = fractionDigits; i < 9; i++) {
                fraction *= 10;
            }
        }
        if (year < 1 || hour > 23 || minute > 59 || second > 59) {
            throw GIVE_UP;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            throw GIVE_UP;
        }
        seconds = epochDay * 86_400L + hour * 3_600L + minute * 60L + second;
        nanos = fraction;
    }

    long seconds() {
        return seconds;
    }

    int nanos() {
        return nanos;
    }

    private static int digits(char[] text, int from, int count) throws LeftToReferencePath {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text[i];
            if (c < '0' || c > '9') {
                throw GIVE_UP;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
