package io.flowpulse.streams.logic.naming;

import static io.flowpulse.streams.logic.TestFlows.endpoint;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.schemas.avro.Workload;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadNamesTest {

    @Test
    void firstOwnerWorkloadComesFirst() {
        var e = endpoint().setNamespace("shop").setPodName("web-7d9f8b6c5d-abcde")
                .setLabels(List.of("k8s:app=frontend"))
                .setWorkloads(List.of(new Workload("web", "Deployment"), new Workload("other", "ReplicaSet")))
                .build();
        assertThat(WorkloadNames.workloadOf(e)).isEqualTo("shop/web");
    }

    @Test
    void labelsInPrecedenceOrderNotListOrder() {
        var e = endpoint().setNamespace("shop").setPodName("x-abcde")
                .setLabels(List.of("k8s:k8s-app=third", "k8s:app=second", "k8s:app.kubernetes.io/name=first"))
                .build();
        assertThat(WorkloadNames.workloadOf(e)).isEqualTo("shop/first");
        var appOnly = endpoint().setNamespace("shop").setLabels(List.of("k8s:k8s-app=third", "k8s:app=second")).build();
        assertThat(WorkloadNames.workloadOf(appOnly)).isEqualTo("shop/second");
        var k8sApp = endpoint().setNamespace("kube-system")
                .setLabels(List.of("k8s:io.kubernetes.pod.namespace=kube-system", "k8s:k8s-app=kube-dns")).build();
        assertThat(WorkloadNames.workloadOf(k8sApp)).isEqualTo("kube-system/kube-dns");
    }

    @Test
    void ofTwoLabelsWithTheSameKeyTheFirstInTheListNamesTheWorkload() {
        var e = endpoint().setNamespace("shop")
                .setLabels(List.of("k8s:k8s-app=other", "k8s:app=one", "k8s:tier=web", "k8s:app=two")).build();
        assertThat(WorkloadNames.workloadOf(e)).isEqualTo("shop/one");
        var empty = endpoint().setNamespace("shop").setLabels(List.of("k8s:app=", "k8s:app=named")).build();
        assertThat(WorkloadNames.workloadOf(empty)).isEqualTo("shop/named");
    }

    @Test
    void labelValueMustBeNonEmptyAndKeyExact() {
        var e = endpoint().setNamespace("shop").setPodName("db-0")
                .setLabels(List.of("k8s:app=", "k8s:application=x", "k8s:app.kubernetes.io/name-x=y"))
                .build();
        assertThat(WorkloadNames.workloadOf(e)).isEqualTo("shop/db-0");
    }

    @Test
    void podSuffixStripping() {
        assertThat(WorkloadNames.podWithoutSuffix("kube-dns-b4f5c58c7-vnx5s")).isEqualTo("kube-dns");
        assertThat(WorkloadNames.podWithoutSuffix("node-local-dns-88zrp")).isEqualTo("node-local-dns");
        // 6 and 10 character hashes both count as a ReplicaSet hash
        assertThat(WorkloadNames.podWithoutSuffix("api-abc123-x1y2z")).isEqualTo("api");
        assertThat(WorkloadNames.podWithoutSuffix("api-abcdef1234-x1y2z")).isEqualTo("api");
        // an 11 character middle part is not a hash: only the 5 character suffix goes
        assertThat(WorkloadNames.podWithoutSuffix("api-abcdef12345-x1y2z")).isEqualTo("api-abcdef12345");
        // StatefulSet ordinals and plain names stay
        assertThat(WorkloadNames.podWithoutSuffix("db-0")).isEqualTo("db-0");
        assertThat(WorkloadNames.podWithoutSuffix("coredns")).isEqualTo("coredns");
        // upper case is not a generated suffix
        assertThat(WorkloadNames.podWithoutSuffix("job-ABCDE")).isEqualTo("job-ABCDE");
        assertThat(WorkloadNames.workloadOf(endpoint().setNamespace("kube-system")
                .setPodName("kube-dns-b4f5c58c7-vnx5s").build())).isEqualTo("kube-system/kube-dns");
    }

    @Test
    void reservedLabelNamesEndpointsWithoutNamespaceAndPod() {
        assertThat(WorkloadNames.workloadOf(endpoint().setLabels(List.of("reserved:world")).build()))
                .isEqualTo("reserved:world");
        assertThat(WorkloadNames.workloadOf(endpoint()
                .setLabels(List.of("cidr:1.1.1.1/32", "reserved:world-ipv4", "reserved:world")).build()))
                .isEqualTo("reserved:world-ipv4");
        assertThat(WorkloadNames.workloadOf(endpoint().setLabels(List.of("reserved:host")).build()))
                .isEqualTo("reserved:host");
        assertThat(WorkloadNames.workloadOf(endpoint().setLabels(List.of("reserved:kube-apiserver",
                "reserved:remote-node")).build())).isEqualTo("reserved:kube-apiserver");
    }

    @Test
    void reservedLabelIsNotUsedWhenANamespaceIsPresent() {
        var e = endpoint().setNamespace("shop").setLabels(List.of("reserved:init")).build();
        assertThat(WorkloadNames.workloadOf(e)).isEqualTo("unknown");
    }

    @Test
    void nameWithoutNamespaceStaysBare() {
        var e = endpoint().setLabels(List.of("k8s:app=agent", "reserved:host")).build();
        assertThat(WorkloadNames.workloadOf(e)).isEqualTo("agent");
    }

    @Test
    void namespaceLabelStandsInForAMissingNamespaceField() {
        // as recorded: Hubble knew only the security identity of the source, not its pod
        var identityOnly = endpoint().setLabels(List.of("k8s:app=productpage",
                "k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name=bookinfo",
                "k8s:io.kubernetes.pod.namespace=bookinfo", "k8s:version=v1")).build();
        assertThat(WorkloadNames.workloadOf(identityOnly)).isEqualTo("bookinfo/productpage");
        assertThat(WorkloadNames.namespaceOf(identityOnly)).isEqualTo("bookinfo");
        // the field wins over the label; an empty label value is no namespace
        var both = endpoint().setNamespace("shop").setLabels(List.of("k8s:io.kubernetes.pod.namespace=other",
                "k8s:app=web")).build();
        assertThat(WorkloadNames.workloadOf(both)).isEqualTo("shop/web");
        var emptyLabel = endpoint().setLabels(List.of("k8s:io.kubernetes.pod.namespace=", "k8s:app=web")).build();
        assertThat(WorkloadNames.workloadOf(emptyLabel)).isEqualTo("web");
        // a namespace from the label also keeps the reserved-label rule away, as the field does
        var labelledInit = endpoint().setLabels(List.of("k8s:io.kubernetes.pod.namespace=shop", "reserved:init")).build();
        assertThat(WorkloadNames.workloadOf(labelledInit)).isEqualTo("unknown");
    }

    @Test
    void nothingToGoOnIsUnknown() {
        assertThat(WorkloadNames.workloadOf(endpoint().build())).isEqualTo("unknown");
        assertThat(WorkloadNames.workloadOf(endpoint().setNamespace("").setPodName("").build())).isEqualTo("unknown");
    }
}
