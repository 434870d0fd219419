package io.flowpulse.console.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConsoleClientQueueTest {

    static ConsoleEvent event(long id) {
        return new ConsoleEvent(id, "window", "{}", 0);
    }

    @Test
    void eventsComeOutInOrder() throws Exception {
        ClientQueue q = new ClientQueue(4);
        assertThat(q.offer(event(1))).isTrue();
        assertThat(q.offer(event(2))).isTrue();
        assertThat(q.take(10).event().id()).isEqualTo(1);
        assertThat(q.take(10).event().id()).isEqualTo(2);
        assertThat(q.take(10).kind()).isEqualTo(ClientQueue.Next.Kind.IDLE);
    }

    @Test
    void overflowDiscardsTheBacklogAndAsksForASnapshotOnce() throws Exception {
        ClientQueue q = new ClientQueue(3);
        for (int i = 1; i <= 3; i++) {
            assertThat(q.offer(event(i))).isTrue();
        }
        assertThat(q.offer(event(4))).as("the overflowing offer").isFalse();
        assertThat(q.offer(event(5))).as("while the snapshot is due: nothing queued, no second overflow").isTrue();
        assertThat(q.size()).isZero();
        assertThat(q.overflows()).isEqualTo(1);
        assertThat(q.take(10).kind()).isEqualTo(ClientQueue.Next.Kind.SNAPSHOT);
        q.snapshotTaken();
        q.offer(event(6));
        assertThat(q.take(10).event().id()).isEqualTo(6);
    }

    @Test
    void offerNeverBlocksEvenWhenNobodyTakes() {
        ClientQueue q = new ClientQueue(16);
        long start = System.nanoTime();
        for (int i = 0; i < 1_000_000; i++) {
            q.offer(event(i));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(q.size()).isLessThanOrEqualTo(16);
    }

    @Test
    void takeWakesUpOnOfferAndOnClose() throws Exception {
        ClientQueue q = new ClientQueue(4);
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException ignored) {
                // ends the test thread
            }
            q.offer(event(9));
        });
        t.start();
        assertThat(q.take(5_000).event().id()).isEqualTo(9);
        q.close();
        assertThat(q.take(5_000).kind()).isEqualTo(ClientQueue.Next.Kind.CLOSED);
    }

    @Test
    void resumeQueuesTheMissedOrFallsBackToASnapshotWhenTheyDoNotFit() throws Exception {
        ClientQueue q = new ClientQueue(2);
        q.resume(List.of(event(1), event(2)));
        assertThat(q.take(10).event().id()).isEqualTo(1);
        ClientQueue big = new ClientQueue(2);
        big.resume(List.of(event(1), event(2), event(3)));
        assertThat(big.take(10).kind()).isEqualTo(ClientQueue.Next.Kind.SNAPSHOT);
    }

    @Test
    void hubSnapshotIsFollowedByExactlyTheLaterEventsAndCountsOverflows() throws Exception {
        AtomicLong overflows = new AtomicLong();
        EventHub hub = new EventHub(new EventLog(100, Duration.ofMinutes(5), () -> 0L, 1), 2, overflows::set);
        hub.publish("window", "a");
        ClientQueue fresh = hub.subscribe(OptionalLong.empty());
        hub.publish("window", "b");
        assertThat(fresh.take(10).kind()).isEqualTo(ClientQueue.Next.Kind.SNAPSHOT);
        EventHub.Snapshot snap = hub.snapshotFor(fresh);
        assertThat(snap.lastId()).isEqualTo(2);
        assertThat(snap.events()).extracting(ConsoleEvent::json).containsExactly("a", "b");
        hub.publish("alert", "c");
        assertThat(fresh.take(10).event().id()).isEqualTo(3);

        ClientQueue resumed = hub.subscribe(OptionalLong.of(1));
        assertThat(resumed.take(10).event().json()).isEqualTo("b");
        assertThat(resumed.take(10).event().json()).isEqualTo("c");

        hub.unsubscribe(fresh);
        hub.unsubscribe(resumed);
        assertThat(hub.clientCount()).isZero();
        ClientQueue slow = hub.subscribe(OptionalLong.of(3));
        hub.publish("window", "d");
        hub.publish("window", "e");
        hub.publish("window", "f");
        assertThat(overflows.get()).isEqualTo(1);
        assertThat(slow.take(10).kind()).isEqualTo(ClientQueue.Next.Kind.SNAPSHOT);
        assertThat(hub.snapshotFor(slow).lastId()).isEqualTo(6);
    }

    @Test
    void nodesTravelInTheSnapshotAndLeaveOnTombstones() {
        EventHub hub = new EventHub(new EventLog(100, Duration.ofMinutes(5), () -> 0L, 1), 8, n -> { });
        hub.publishNode("n1", "{\"name\":\"n1\"}", "{\"name\":\"n1\"}");
        hub.publishNode("n2", "{\"name\":\"n2\"}", "{\"name\":\"n2\"}");
        hub.publishNode("n1", null, "{\"name\":\"n1\",\"removed\":true}");
        assertThat(hub.snapshot().nodes()).containsExactly("{\"name\":\"n2\"}");
        assertThat(hub.snapshot().events()).extracting(ConsoleEvent::type).containsOnly("node");
    }
}
