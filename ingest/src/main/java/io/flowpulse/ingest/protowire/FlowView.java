package io.flowpulse.ingest.protowire;

/** flow.Flow with the fields Flow.avsc maps; everything else is skipped unread. */
final class FlowView extends MessageView {
    static final int EGRESS_ALLOWED = 0;
    static final int INGRESS_ALLOWED = 1;
    static final int EGRESS_DENIED = 2;
    static final int INGRESS_DENIED = 3;

    final Views.Time time = new Views.Time();
    final Text uuid = new Text();
    int verdict;
    long dropReason;
    int authType;
    final Views.Ip ip = new Views.Ip();
    final Views.Layer4 l4 = new Views.Layer4();
    final EndpointView source = new EndpointView();
    final EndpointView destination = new EndpointView();
    int type;
    final Text nodeName = new Text();
    final Spans nodeLabels = new Spans();
    final Spans sourceNames = new Spans();
    final Spans destinationNames = new Spans();
    final Layer7View l7 = new Layer7View();
    boolean reply;
    /** type (1) and sub_type (2) of flow.CiliumEventType. */
    final Views.Pair eventType = new Views.Pair(false, false);
    /** name (1) and namespace (2) of flow.Service. */
    final Views.Pair sourceService = new Views.Pair(true, true);
    final Views.Pair destinationService = new Views.Pair(true, true);
    int trafficDirection;
    long policyMatchType;
    int traceObservationPoint;
    int traceReason;
    int dropReasonDesc;
    final Views.VarintValue isReply = new Views.VarintValue();
    /** index (1) and name (2) of flow.NetworkInterface. */
    final Views.Pair networkInterface = new Views.Pair(false, true);
    long proxyPort;
    final Views.TraceContext traceContext = new Views.TraceContext();
    final Text summary = new Text();
    /** Indexed by {@link #EGRESS_ALLOWED} ... {@link #INGRESS_DENIED}. */
    final Spans[] policies = {new Spans(), new Spans(), new Spans(), new Spans()};

    @Override
    void clearFields() {
        time.clear();
        uuid.clear();
        verdict = 0;
        dropReason = 0;
        authType = 0;
        ip.clear();
        l4.clear();
        source.clear();
        destination.clear();
        type = 0;
        nodeName.clear();
        nodeLabels.clear();
        sourceNames.clear();
        destinationNames.clear();
        l7.clear();
        reply = false;
        eventType.clear();
        sourceService.clear();
        destinationService.clear();
        trafficDirection = 0;
        policyMatchType = 0;
        traceObservationPoint = 0;
        traceReason = 0;
        dropReasonDesc = 0;
        isReply.clear();
        networkInterface.clear();
        proxyPort = 0;
        traceContext.clear();
        summary.clear();
        for (Spans p : policies) {
            p.clear();
        }
    }

    @Override
    void field(ProtobufCursor c, int number, int wireType) throws LeftToReferencePath {
        switch (number) {
            case 1 -> message(c, wireType, time);
            case 2 -> verdict = (int) varint(c, wireType);
            case 3 -> dropReason = varint(c, wireType);
            case 5 -> message(c, wireType, ip);
            case 6 -> message(c, wireType, l4);
            case 8 -> message(c, wireType, source);
            case 9 -> message(c, wireType, destination);
            case 10 -> type = (int) varint(c, wireType);
            case 11 -> text(c, wireType, nodeName);
            case 13 -> repeatedText(c, wireType, sourceNames);
            case 14 -> repeatedText(c, wireType, destinationNames);
            case 15 -> message(c, wireType, l7);
            case 16 -> reply = varint(c, wireType) != 0;
            case 19 -> message(c, wireType, eventType);
            case 20 -> message(c, wireType, sourceService);
            case 21 -> message(c, wireType, destinationService);
            case 22 -> trafficDirection = (int) varint(c, wireType);
            case 23 -> policyMatchType = varint(c, wireType);
            case 24 -> traceObservationPoint = (int) varint(c, wireType);
            case 25 -> dropReasonDesc = (int) varint(c, wireType);
            case 26 -> message(c, wireType, isReply);
            case 28 -> message(c, wireType, networkInterface);
            case 29 -> proxyPort = varint(c, wireType);
            case 30 -> message(c, wireType, traceContext);
            case 34 -> text(c, wireType, uuid);
            case 35 -> authType = (int) varint(c, wireType);
            case 36 -> traceReason = (int) varint(c, wireType);
            case 37 -> repeatedText(c, wireType, nodeLabels);
            case 21001 -> repeatedMessage(c, wireType, policies[EGRESS_ALLOWED]);
            case 21002 -> repeatedMessage(c, wireType, policies[INGRESS_ALLOWED]);
            case 21004 -> repeatedMessage(c, wireType, policies[EGRESS_DENIED]);
            case 21005 -> repeatedMessage(c, wireType, policies[INGRESS_DENIED]);
            case 100000 -> text(c, wireType, summary);
            default -> c.skip(wireType);
        }
    }
}
