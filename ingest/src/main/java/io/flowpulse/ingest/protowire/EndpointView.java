package io.flowpulse.ingest.protowire;

/** flow.Endpoint; workloads are kept as spans and read when written. */
final class EndpointView extends MessageView {
    long id;
    long identity;
    final Text clusterName = new Text();
    final Text namespace = new Text();
    final Text podName = new Text();
    final Spans labels = new Spans();
    final Spans workloads = new Spans();

    @Override
    void clearFields() {
        id = 0;
        identity = 0;
        clusterName.clear();
        namespace.clear();
        podName.clear();
        labels.clear();
        workloads.clear();
    }

    @Override
    void field(ProtobufCursor c, int number, int wireType) throws LeftToReferencePath {
        switch (number) {
            case 1 -> id = varint(c, wireType);
            case 2 -> identity = varint(c, wireType);
            case 3 -> text(c, wireType, namespace);
            case 4 -> repeatedText(c, wireType, labels);
            case 5 -> text(c, wireType, podName);
            case 6 -> repeatedMessage(c, wireType, workloads);
            case 7 -> text(c, wireType, clusterName);
            default -> c.skip(wireType);
        }
    }
}
