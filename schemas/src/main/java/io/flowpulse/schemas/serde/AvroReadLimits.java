package io.flowpulse.schemas.serde;

import org.apache.avro.SystemLimitException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps what a length or count in an Avro body can make the decoder allocate. Avro allocates a string,
 * bytes or array at the length the body declares before reading it, so five corrupt bytes claiming a
 * gigabyte would exhaust the heap of the analytics or the sink. Avro reads its limits once, from system
 * properties, when it first checks one; these are set here, before any value is read, unless the
 * operator set them. A longer value is then a {@link SystemLimitException}, which the deserializer turns
 * into the usual {@code SerializationException} (dead-lettered).
 */
final class AvroReadLimits {

    static final String STRING_PROPERTY = "org.apache.avro.limits.string.maxLength";
    static final String BYTES_PROPERTY = "org.apache.avro.limits.bytes.maxLength";
    static final String ITEMS_PROPERTY = "org.apache.avro.limits.collectionItems.maxLength";
    /** Far beyond any flow or window record, well under what a corrupt length could cost. */
    static final int MAX_LENGTH = 4 * 1024 * 1024;
    static final int MAX_ITEMS = 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(AvroReadLimits.class);

    private AvroReadLimits() {
    }

    static void apply() {
        setUnlessSet(STRING_PROPERTY, MAX_LENGTH);
        setUnlessSet(BYTES_PROPERTY, MAX_LENGTH);
        setUnlessSet(ITEMS_PROPERTY, MAX_ITEMS);
        if (!inForce()) {
            log.warn("Avro's read limits were fixed before Flowpulse could set them ({}, {}, {}); a corrupt length "
                    + "in a record may cost memory up to 2 GB", STRING_PROPERTY, BYTES_PROPERTY, ITEMS_PROPERTY);
        }
    }

    /** Whether Avro refuses a string longer than the limit. */
    static boolean inForce() {
        try {
            SystemLimitException.checkMaxStringLength(Long.getLong(STRING_PROPERTY, MAX_LENGTH) + 1L);
            return false;
        } catch (SystemLimitException expected) {
            return true;
        }
    }

    private static void setUnlessSet(String property, int value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Integer.toString(value));
        }
    }
}
