package io.flowpulse.schemas.serde;

import org.apache.avro.Conversions;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.specific.SpecificData;

/**
 * Data models with the standard logical-type conversions, so that timestamp fields are
 * {@link java.time.Instant} also inside unions and in generic records, as in the generated classes.
 */
final class AvroModels {
    private AvroModels() {
    }

    static SpecificData specific(ClassLoader classLoader) {
        return withConversions(new SpecificData(classLoader));
    }

    static GenericData generic() {
        return withConversions(new GenericData());
    }

    private static <M extends GenericData> M withConversions(M model) {
        model.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimestampNanosConversion());
        model.addLogicalTypeConversion(new TimeConversions.LocalTimestampMicrosConversion());
        model.addLogicalTypeConversion(new TimeConversions.LocalTimestampMillisConversion());
        model.addLogicalTypeConversion(new TimeConversions.DateConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimeMicrosConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimeMillisConversion());
        model.addLogicalTypeConversion(new Conversions.DecimalConversion());
        model.addLogicalTypeConversion(new Conversions.UUIDConversion());
        return model;
    }
}
