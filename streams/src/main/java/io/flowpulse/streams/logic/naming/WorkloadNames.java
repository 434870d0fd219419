package io.flowpulse.streams.logic.naming;

import io.flowpulse.schemas.avro.Endpoint;
import io.flowpulse.schemas.avro.Workload;
import java.util.List;
import java.util.regex.Pattern;

/** Workload name of an endpoint, {@code namespace/name} (analytics spec section 2). */
public final class WorkloadNames {

    public static final String UNKNOWN = "unknown";

    private static final String K8S_PREFIX = "k8s:";
    private static final List<String> NAME_LABELS = List.of(
            "k8s:app.kubernetes.io/name=", "k8s:app=", "k8s:k8s-app=");
    private static final Pattern REPLICA_SET_SUFFIX = Pattern.compile("-[a-z0-9]{6,10}-[a-z0-9]{5}$");
    private static final Pattern POD_SUFFIX = Pattern.compile("-[a-z0-9]{5}$");
    private static final String RESERVED_PREFIX = "reserved:";
    /** The identity label Cilium gives every pod endpoint; Hubble sometimes sends it without the namespace field. */
    private static final String NAMESPACE_LABEL = "k8s:io.kubernetes.pod.namespace=";

    private WorkloadNames() {
    }

    public static String workloadOf(Endpoint endpoint) {
        String namespace = namespaceOf(endpoint);
        String pod = blankToNull(endpoint.getPodName());
        String name = ownerWorkload(endpoint);
        if (name == null) {
            name = labelName(endpoint.getLabels());
        }
        if (name == null && pod != null) {
            name = podWithoutSuffix(pod);
        }
        if (name != null) {
            return namespace == null ? name : namespace + "/" + name;
        }
        if (namespace == null && pod == null) {
            String reserved = firstReservedLabel(endpoint.getLabels());
            if (reserved != null) {
                return reserved;
            }
        }
        return UNKNOWN;
    }

    /**
     * The endpoint's namespace field or, where Hubble left it empty (an endpoint known only by its
     * security identity), the value of its {@code k8s:io.kubernetes.pod.namespace} label; null if neither.
     */
    public static String namespaceOf(Endpoint endpoint) {
        String namespace = blankToNull(endpoint.getNamespace());
        if (namespace != null) {
            return namespace;
        }
        for (String label : endpoint.getLabels()) {
            if (label.startsWith(NAMESPACE_LABEL)) {
                return blankToNull(label.substring(NAMESPACE_LABEL.length()));
            }
        }
        return null;
    }

    /** The pod name without a ReplicaSet suffix {@code -<hash>-<5>} or, failing that, a {@code -<5>} suffix. */
    public static String podWithoutSuffix(String pod) {
        String stripped = REPLICA_SET_SUFFIX.matcher(pod).replaceFirst("");
        if (stripped.length() != pod.length()) {
            return stripped;
        }
        return POD_SUFFIX.matcher(pod).replaceFirst("");
    }

    /** The first {@code reserved:} label without any {@code =value} part, or null. */
    public static String firstReservedLabel(List<String> labels) {
        for (String label : labels) {
            if (label.startsWith(RESERVED_PREFIX)) {
                int equals = label.indexOf('=');
                return equals < 0 ? label : label.substring(0, equals);
            }
        }
        return null;
    }

    private static String ownerWorkload(Endpoint endpoint) {
        List<Workload> workloads = endpoint.getWorkloads();
        if (workloads.isEmpty()) {
            return null;
        }
        return blankToNull(workloads.get(0).getName());
    }

    /**
     * The value of the first name label in {@link #NAME_LABELS} order (for each, the first such label
     * of the list). One pass that passes over the other labels at their fifth character: it runs twice
     * for every flow.
     */
    private static String labelName(List<String> labels) {
        String best = null;
        int bestRank = NAME_LABELS.size();
        for (String label : labels) {
            if (label.length() <= K8S_PREFIX.length() || !label.startsWith(K8S_PREFIX)) {
                continue;
            }
            char first = label.charAt(K8S_PREFIX.length());
            if (first != 'a' && first != 'k') { // app.kubernetes.io/name=, app=, k8s-app=
                continue;
            }
            for (int rank = 0; rank < bestRank; rank++) {
                String prefix = NAME_LABELS.get(rank);
                if (label.startsWith(prefix) && label.length() > prefix.length()) {
                    best = label.substring(prefix.length());
                    bestRank = rank;
                    break;
                }
            }
        }
        return best;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
