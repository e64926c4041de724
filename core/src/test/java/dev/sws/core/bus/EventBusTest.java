package dev.sws.core.bus;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.*;

class EventBusTest {

    record Level(String source, double db) implements Event {
        @Override
        public Delivery delivery() {
            return Delivery.COALESCE;
        }

        @Override
        public Object coalesceKey() {
            return source;
        }
    }

    record Final(int n) implements Event {}

    /** An executor whose tasks run only when the test says so: simulates a busy UI thread. */
    static final class ManualExecutor implements Executor {
        final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();

        @Override
        public void execute(Runnable r) {
            tasks.add(r);
        }

        void runAll() {
            Runnable r;
            while ((r = tasks.poll()) != null) {
                r.run();
            }
        }
    }

    @Test
    void coalescedEventsKeepOnlyTheLatestPerKeyWhileTheSubscriberIsBusy() {
        try (EventBus bus = new EventBus(16)) {
            ManualExecutor ui = new ManualExecutor();
            List<Level> seen = new ArrayList<>();
            bus.subscribe(Level.class, ui, seen::add);
            for (int i = 0; i < 1000; i++) {
                bus.publish(new Level("mic", i));
                bus.publish(new Level("file", -i));
            }
            ui.runAll();
            assertEquals(List.of(new Level("mic", 999), new Level("file", -999)), seen);
        }
    }

    @Test
    void neverDropEventsArriveAllAndInOrder() throws Exception {
        try (EventBus bus = new EventBus(8); ExecutorService worker = Executors.newSingleThreadExecutor()) {
            List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch done = new CountDownLatch(1);
            bus.subscribe(Final.class, worker, f -> {
                seen.add(f.n());
                if (f.n() == 9999) {
                    done.countDown();
                }
            });
            for (int i = 0; i < 10000; i++) {
                bus.publish(new Final(i)); // capacity 8: the publisher is throttled, nothing is lost
            }
            assertTrue(done.await(10, TimeUnit.SECONDS));
            assertEquals(10000, seen.size());
            for (int i = 0; i < seen.size(); i++) {
                assertEquals(i, seen.get(i));
            }
        }
    }

    @Test
    void fullQueueBlocksThePublisherUntilTheSubscriberDrains() throws Exception {
        try (EventBus bus = new EventBus(2)) {
            ManualExecutor ui = new ManualExecutor();
            List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
            bus.subscribe(Final.class, ui, f -> seen.add(f.n()));
            AtomicBoolean thirdPublished = new AtomicBoolean();
            Thread publisher = Thread.ofPlatform().start(() -> {
                bus.publish(new Final(1));
                bus.publish(new Final(2));
                bus.publish(new Final(3)); // blocks: two are waiting
                thirdPublished.set(true);
            });
            Thread.sleep(300);
            assertFalse(thirdPublished.get(), "publisher should wait for the subscriber");
            ui.runAll();
            publisher.join(2000);
            ui.runAll();
            assertTrue(thirdPublished.get());
            assertEquals(List.of(1, 2, 3), seen);
        }
    }

    @Test
    void publishingFromInsideTheSameSubscriberNeverDeadlocks() {
        try (EventBus bus = new EventBus(1)) {
            Executor direct = Runnable::run;
            List<Integer> seen = new ArrayList<>();
            bus.subscribe(Final.class, direct, f -> {
                seen.add(f.n());
                if (f.n() < 5) {
                    bus.publish(new Final(f.n() + 1)); // re-entrant publish while the queue is at capacity
                }
            });
            bus.publish(new Final(0));
            assertEquals(List.of(0, 1, 2, 3, 4, 5), seen);
        }
    }

    @Test
    void aFailingHandlerBecomesAnErrorEventAndOthersStillReceive() {
        try (EventBus bus = new EventBus()) {
            Executor direct = Runnable::run;
            List<ErrorEvent> errors = new ArrayList<>();
            List<Integer> ok = new ArrayList<>();
            bus.subscribe(ErrorEvent.class, direct, errors::add);
            bus.subscribe(Final.class, direct, f -> {
                throw new IllegalStateException("boom");
            });
            bus.subscribe(Final.class, direct, f -> ok.add(f.n()));
            bus.publish(new Final(7));
            assertEquals(List.of(7), ok);
            assertEquals(1, errors.size());
            assertInstanceOf(IllegalStateException.class, errors.getFirst().cause());
        }
    }

    @Test
    void throttledSubscriptionReceivesCoalescedEventsAtMostOncePerInterval() throws Exception {
        try (EventBus bus = new EventBus(); ExecutorService worker = Executors.newSingleThreadExecutor()) {
            List<Long> times = Collections.synchronizedList(new ArrayList<>());
            List<Level> seen = Collections.synchronizedList(new ArrayList<>());
            bus.subscribe(Level.class, worker, Duration.ofMillis(50), l -> {
                times.add(System.nanoTime());
                seen.add(l);
            });
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
            int i = 0;
            while (System.nanoTime() < end) {
                bus.publish(new Level("mic", i++));
                Thread.sleep(1);
            }
            bus.publish(new Level("mic", -1));
            Thread.sleep(200);
            assertTrue(seen.size() <= 13, "at most ~1 delivery per 50 ms, got " + seen.size());
            assertTrue(seen.size() >= 3, "deliveries keep flowing, got " + seen.size());
            assertEquals(-1, seen.getLast().db(), "the latest value is delivered last");
            for (int k = 1; k < times.size(); k++) {
                assertTrue(times.get(k) - times.get(k - 1) >= TimeUnit.MILLISECONDS.toNanos(45));
            }
        }
    }

    @Test
    void closedSubscriptionStopsReceiving() {
        try (EventBus bus = new EventBus()) {
            List<Integer> seen = new ArrayList<>();
            Subscription s = bus.subscribe(Final.class, Runnable::run, f -> seen.add(f.n()));
            bus.publish(new Final(1));
            s.close();
            bus.publish(new Final(2));
            assertEquals(List.of(1), seen);
            assertEquals(0, bus.subscriberCount());
        }
    }
}
