package io.flowpulse.console.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConsoleQueryParamsTest {

    static final Set<String> HISTORY = Set.of("record", "level", "src", "dst", "limit");

    @Test
    void readsKnownParameters() {
        QueryParams q = QueryParams.parse("record=link&level=SUBNET&src=lab-a&dst=shop%2Fweb&limit=20", HISTORY);
        assertThat(q.oneOf("record", Set.of("link", "dns"))).hasValue("link");
        assertThat(q.oneOf("level", Set.of("workload", "node", "subnet"))).hasValue("subnet");
        assertThat(q.name("dst")).hasValue("shop/web");
        assertThat(q.intIn("limit", 1, 100).getAsInt()).isEqualTo(20);
        assertThat(QueryParams.parse(null, HISTORY).get("record")).isEmpty();
    }

    @Test
    void unknownRepeatedOrMalformedParametersAreRefusedWithTheReason() {
        assertThatThrownBy(() -> QueryParams.parse("colour=red", HISTORY)).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("unknown parameter 'colour'").hasMessageContaining("allowed: dst, level, limit");
        assertThatThrownBy(() -> QueryParams.parse("x=1", Set.of())).hasMessageContaining("takes none");
        assertThatThrownBy(() -> QueryParams.parse("src=a&src=b", HISTORY)).hasMessageContaining("more than once");
        assertThatThrownBy(() -> QueryParams.parse("src=%zz", HISTORY)).hasMessageContaining("percent-encoding");
        assertThatThrownBy(() -> QueryParams.parse("src=" + "a".repeat(300), HISTORY)).hasMessageContaining("longer than");
        assertThatThrownBy(() -> QueryParams.parse("limit=-1", HISTORY).intIn("limit", 1, 100))
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> QueryParams.parse("limit=1000", HISTORY).intIn("limit", 1, 100))
                .hasMessageContaining("between 1 and 100");
        assertThatThrownBy(() -> QueryParams.parse("level=pod", HISTORY).oneOf("level", Set.of("node", "subnet")))
                .hasMessageContaining("must be one of node, subnet, got 'pod'");
        assertThatThrownBy(() -> QueryParams.parse("src=%3Cscript%3E", HISTORY).name("src"))
                .hasMessageContaining("not a name").hasMessageContaining("?script?");
        assertThatThrownBy(() -> QueryParams.parseEventId("Last-Event-ID", "12abc")).hasMessageContaining("event id");
        assertThat(QueryParams.parseEventId("Last-Event-ID", " 42 ")).isEqualTo(42);
    }

    @Test
    void accessChecksTokenAndHost() throws Exception {
        Access open = new Access("", InetAddress.getLoopbackAddress());
        assertThat(open.authorized(null, null)).isTrue();
        assertThat(open.hostAllowed("127.0.0.1:9405")).isTrue();
        assertThat(open.hostAllowed("localhost")).isTrue();
        assertThat(open.hostAllowed("[::1]:9405")).isTrue();
        assertThat(open.hostAllowed("evil.example:9405")).as("DNS rebinding").isFalse();
        assertThat(open.hostAllowed(null)).isFalse();
        assertThat(new Access("", InetAddress.getByName("0.0.0.0")).hostAllowed("console.lab:9405")).isTrue();

        Access locked = new Access("s3cret-token", InetAddress.getLoopbackAddress());
        assertThat(locked.authorized(null, null)).isFalse();
        assertThat(locked.authorized(List.of("Bearer s3cret-token"), null)).isTrue();
        assertThat(locked.authorized(List.of("bearer s3cret-token"), null)).isTrue();
        assertThat(locked.authorized(List.of("Bearer wrong"), null)).isFalse();
        assertThat(locked.authorized(null, List.of("a=b; flowpulse_console=s3cret-token"))).isTrue();
        assertThat(locked.authorized(null, List.of("flowpulse_console=nope"))).isFalse();
    }
}
