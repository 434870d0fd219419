package io.flowpulse.ingest.protowire;

/** flow.Layer7 with its DNS or HTTP record (the record oneof; Kafka records are not mapped). */
final class Layer7View extends MessageView {
    int type;
    long latencyNs;
    /** Field number of the record oneof member that is set (100 DNS, 101 HTTP, 102 Kafka), 0 for none. */
    int record;
    final Dns dns = new Dns();
    final Http http = new Http();

    @Override
    void clearFields() {
        type = 0;
        latencyNs = 0;
        record = 0;
        dns.clear();
        http.clear();
    }

    @Override
    void field(ProtobufCursor c, int number, int wireType) throws LeftToReferencePath {
        switch (number) {
            case 1 -> type = (int) varint(c, wireType);
            case 2 -> latencyNs = varint(c, wireType);
            case 100, 101, 102 -> {
                if (record != 0) {
                    throw LeftToReferencePath.INSTANCE;
                }
                record = number;
                if (number == 100) {
                    message(c, wireType, dns);
                } else if (number == 101) {
                    message(c, wireType, http);
                } else {
                    c.skip(wireType);
                }
            }
            default -> c.skip(wireType);
        }
    }

    static final class Dns extends MessageView {
        final Text query = new Text();
        final Spans ips = new Spans();
        long ttl;
        final Spans cnames = new Spans();
        final Text observationSource = new Text();
        long rcode;
        final Spans qtypes = new Spans();
        final Spans rrtypes = new Spans();

        @Override
        void clearFields() {
            query.clear();
            ips.clear();
            ttl = 0;
            cnames.clear();
            observationSource.clear();
            rcode = 0;
            qtypes.clear();
            rrtypes.clear();
        }

        @Override
        void field(ProtobufCursor c, int number, int wireType) throws LeftToReferencePath {
            switch (number) {
                case 1 -> text(c, wireType, query);
                case 2 -> repeatedText(c, wireType, ips);
                case 3 -> ttl = varint(c, wireType);
                case 4 -> repeatedText(c, wireType, cnames);
                case 5 -> text(c, wireType, observationSource);
                case 6 -> rcode = varint(c, wireType);
                case 7 -> repeatedText(c, wireType, qtypes);
                case 8 -> repeatedText(c, wireType, rrtypes);
                default -> c.skip(wireType);
            }
        }
    }

    static final class Http extends MessageView {
        long code;
        final Text method = new Text();
        final Text url = new Text();
        final Text protocol = new Text();

        @Override
        void clearFields() {
            code = 0;
            method.clear();
            url.clear();
            protocol.clear();
        }

        @Override
        void field(ProtobufCursor c, int number, int wireType) throws LeftToReferencePath {
            switch (number) {
                case 1 -> code = varint(c, wireType);
                case 2 -> text(c, wireType, method);
                case 3 -> text(c, wireType, url);
                case 4 -> text(c, wireType, protocol);
                default -> c.skip(wireType);
            }
        }
    }
}
