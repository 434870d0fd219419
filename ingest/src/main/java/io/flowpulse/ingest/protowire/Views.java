package io.flowpulse.ingest.protowire;

/** The small messages inside a Flow, each with only the fields Flowpulse maps. */
final class Views {

    private Views() {
    }

    /** flow.Policy: name (1), namespace (2) and kind (5), as {@link Texts#get} 0, 1 and 2. */
    static Texts policy() {
        return new Texts(1, 2, 5);
    }

    /** google.protobuf.Timestamp. */
    static final class Time extends MessageView {
        long seconds;
        int nanos;

        @Override
        void clearFields() {
            seconds = 0;
            nanos = 0;
        }

        @Override
        void field(ProtobufCursor c, int number, int wireType) throws LeftToReferencePath {
            switch (number) {
                case 1 -> seconds = varint(c, wireType);
                case 2 -> nanos = (int) varint(c, wireType);
                default -> c.skip(wireType);
            }
        }
    }

    /** google.protobuf.BoolValue, google.protobuf.Int32Value and flow.TraceParent-like one-field messages. */
    static final class VarintValue extends MessageView {
        long value;

        @Override
        void clearFields() {
            value = 0;
        }

        @Override
        void field(ProtobufCursor c, int number, int wireType) throws LeftToReferencePath {
            if (number == 1) {
                value = varint(c, wireType);
            } else {
                c.skip(wireType);
            }
        }
    }

    /** Messages with a string at field 1 and a string or number at field 2 (Service, NetworkInterface, ...). */
    static final class Pair extends MessageView {
        final Text first = new Text();
        final Text secondText = new Text();
        long firstNumber;
        long secondNumber;
        private final boolean firstIsText;
        private final boolean secondIsText;

        Pair(boolean firstIsText, boolean secondIsText) {
            this.firstIsText = firstIsText;
            this.secondIsText = secondIsText;
        }

        @Override
        void clearFields() {
            first.clear();
            secondText.clear();
            firstNumber = 0;
            secondNumber = 0;
        }

        @Override
        void field(ProtobufCursor c, int number, int wireType) throws LeftToReferencePath {
            switch (number) {
                case 1 -> {
                    if (firstIsText) {
                        text(c, wireType, first);
                    } else {
                        firstNumber = varint(c, wireType);
                    }
                }
                case 2 -> {
                    if (secondIsText) {
                        text(c, wireType, secondText);
                    } else {
                        secondNumber = varint(c, wireType);
                    }
                }
                default -> c.skip(wireType);
            }
        }
    }

    /** A message read for some of its string fields only. */
    static final class Texts extends MessageView {
        private final int[] numbers;
        private final Text[] texts;

        Texts(int... numbers) {
            this.numbers = numbers.clone();
            this.texts = new Text[numbers.length];
            for (int i = 0; i < texts.length; i++) {
                texts[i] = new Text();
            }
        }

        /** The string of the {@code i}-th field number given to the constructor. */
        Text get(int i) {
            return texts[i];
        }

        @Override
        void clearFields() {
            for (Text text : texts) {
                text.clear();
            }
        }

        @Override
        void field(ProtobufCursor c, int number, int wireType) throws LeftToReferencePath {
            for (int i = 0; i < numbers.length; i++) {
                if (numbers[i] == number) {
                    text(c, wireType, texts[i]);
                    return;
                }
            }
            c.skip(wireType);
        }
    }

    /** flow.TraceContext: parent (1) -> trace_id (1). */
    static final class TraceContext extends MessageView {
        final Parent parent = new Parent();

        @Override
        void clearFields() {
            parent.clear();
        }

        @Override
        void field(ProtobufCursor c, int number, int wireType) throws LeftToReferencePath {
            if (number == 1) {
                message(c, wireType, parent);
            } else {
                c.skip(wireType);
            }
        }

        static final class Parent extends MessageView {
            final Text traceId = new Text();

            @Override
            void clearFields() {
                traceId.clear();
            }

            @Override
            void field(ProtobufCursor c, int number, int wireType) throws LeftToReferencePath {
                if (number == 1) {
                    text(c, wireType, traceId);
                } else {
                    c.skip(wireType);
                }
            }
        }
    }

    /** flow.IP. */
    static final class Ip extends MessageView {
        final Text source = new Text();
        final Text sourceXlated = new Text();
        final Text destination = new Text();
        int version;
        boolean encrypted;

        @Override
        void clearFields() {
            source.clear();
            sourceXlated.clear();
            destination.clear();
            version = 0;
            encrypted = false;
        }

        @Override
        void field(ProtobufCursor c, int number, int wireType) throws LeftToReferencePath {
            switch (number) {
                case 1 -> text(c, wireType, source);
                case 2 -> text(c, wireType, destination);
                case 3 -> version = (int) varint(c, wireType);
                case 4 -> encrypted = varint(c, wireType) != 0;
                case 5 -> text(c, wireType, sourceXlated);
                default -> c.skip(wireType);
            }
        }
    }

    /**
     * flow.Layer4: which protocol of the oneof is set and its two numbers (ports, or ICMP type and
     * code) plus TCP flags as a bit set in flow.TCPFlags field order (FIN = bit 0 ... NS = bit 8).
     */
    static final class Layer4 extends MessageView {
        /** Field number of the oneof member that is set (1 TCP ... 7 IGMP), 0 for none. */
        int protocol;
        long first;
        long second;
        boolean hasFlags;
        int flags;
        private final Protocol member = new Protocol(this);

        @Override
        void clearFields() {
            protocol = 0;
            first = 0;
            second = 0;
            hasFlags = false;
            flags = 0;
            member.clear();
        }

        @Override
        void field(ProtobufCursor c, int number, int wireType) throws LeftToReferencePath {
            if (number >= 1 && number <= 7) {
                if (protocol != 0) {
                    throw LeftToReferencePath.INSTANCE; // two members of the oneof, or one given twice
                }
                protocol = number;
                message(c, wireType, member);
            } else {
                c.skip(wireType);
            }
        }

        /** The set member: fields 1 and 2 are numbers in every protocol Flowpulse maps; 3 is TCP's flags. */
        private static final class Protocol extends MessageView {
            private final Layer4 owner;
            private final Flags flagsView = new Flags();

            Protocol(Layer4 owner) {
                this.owner = owner;
            }

            @Override
            void clearFields() {
                flagsView.clear();
            }

            @Override
            void field(ProtobufCursor c, int number, int wireType) throws LeftToReferencePath {
                boolean numbers = owner.protocol != 6 && owner.protocol != 7; // VRRP and IGMP only name the protocol
                if (numbers && number == 1) {
                    owner.first = varint(c, wireType);
                } else if (numbers && number == 2) {
                    owner.second = varint(c, wireType);
                } else if (owner.protocol == 1 && number == 3) {
                    message(c, wireType, flagsView);
                    owner.hasFlags = true;
                    owner.flags = flagsView.bits;
                } else {
                    c.skip(wireType);
                }
            }
        }

        private static final class Flags extends MessageView {
            int bits;

            @Override
            void clearFields() {
                bits = 0;
            }

            @Override
            void field(ProtobufCursor c, int number, int wireType) throws LeftToReferencePath {
                if (number >= 1 && number <= 9) {
                    if (varint(c, wireType) != 0) {
                        bits |= 1 << (number - 1);
                    } else {
                        bits &= ~(1 << (number - 1));
                    }
                } else {
                    c.skip(wireType);
                }
            }
        }
    }
}
