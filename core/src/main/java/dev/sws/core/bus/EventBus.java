package dev.sws.core.bus;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Typed publish/subscribe bus. Created once by the application and injected; there is no global instance.
 *
 * <p>Every subscription has its own bounded mailbox drained on the executor the subscriber chose (the FX thread
 * for view models, a worker for engines), so a slow subscriber never slows the others. The event type decides
 * what happens when a mailbox fills up (see {@link Event#delivery()}):
 * <ul>
 *   <li>{@link Delivery#COALESCE}: a queued event with the same {@link Event#coalesceKey() key} is replaced, so
 *       a subscriber that falls behind sees only the latest partial result, level or progress value;</li>
 *   <li>{@link Delivery#NEVER_DROP}: the event is queued in order; when {@code capacity} such events are waiting,
 *       the publisher blocks until the subscriber catches up (back-pressure). A publisher running inside that
 *       same subscriber's delivery is never blocked, which rules out self-deadlock.</li>
 * </ul>
 * A subscription may also ask for a minimum interval between coalesced deliveries (for example 33 ms, so the UI
 * receives high-rate events at most 30 times a second).
 *
 * <p>A handler that throws does not break the bus: the failure is logged and published as an {@link ErrorEvent}.
 */
public final class EventBus implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EventBus.class.getName());
    private static final int MAX_BATCH = 64;
    private static final ThreadLocal<Mailbox<?>> DRAINING = new ThreadLocal<>();

    private final int capacity;
    private final CopyOnWriteArrayList<Mailbox<?>> mailboxes = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer;
    private volatile boolean closed;

    /** A bus whose subscribers each queue at most 4096 never-drop events before the publisher waits. */
    public EventBus() {
        this(4096);
    }

    public EventBus(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        var t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "sws-bus-timer");
            thread.setDaemon(true);
            return thread;
        });
        t.setRemoveOnCancelPolicy(true);
        this.timer = t;
    }

    /** Subscribes {@code handler} to events of {@code type} (and its subtypes), delivered on {@code executor}. */
    public <E extends Event> Subscription subscribe(Class<E> type, Executor executor, Consumer<? super E> handler) {
        return subscribe(type, executor, Duration.ZERO, handler);
    }

    /**
     * Like {@link #subscribe(Class, Executor, Consumer)}, but coalesced events are delivered at most once per
     * {@code minInterval}; the latest value per key is delivered when the interval has passed.
     */
    public <E extends Event> Subscription subscribe(Class<E> type, Executor executor, Duration minInterval,
                                                    Consumer<? super E> handler) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(handler, "handler");
        if (closed) {
            throw new IllegalStateException("event bus is closed");
        }
        Mailbox<E> box = new Mailbox<>(type, executor, minInterval.toNanos(), handler);
        mailboxes.add(box);
        return () -> {
            box.cancelled = true;
            mailboxes.remove(box);
        };
    }

    /** Publishes {@code event} to every matching subscriber. May block only for never-drop events (back-pressure). */
    public void publish(Event event) {
        Objects.requireNonNull(event, "event");
        if (closed) {
            return;
        }
        for (Mailbox<?> box : mailboxes) {
            if (box.type.isInstance(event)) {
                box.offer(event);
            }
        }
    }

    /** Number of subscriptions (for diagnostics and tests). */
    public int subscriberCount() {
        return mailboxes.size();
    }

    @Override
    public void close() {
        closed = true;
        mailboxes.forEach(b -> b.cancelled = true);
        mailboxes.clear();
        timer.shutdownNow();
    }

    private void handlerFailed(Event event, Throwable error) {
        LOG.log(Level.WARNING, "event handler failed for " + event.getClass().getSimpleName(), error);
        if (!(event instanceof ErrorEvent)) {
            publish(new ErrorEvent("bus", "An internal component failed while handling "
                    + event.getClass().getSimpleName() + ".", error));
        }
    }

    /** One queued event; coalesced entries are updated in place while they wait. */
    private static final class Entry {
        Event event;
        final Object key;

        Entry(Event event, Object key) {
            this.event = event;
            this.key = key;
        }
    }

    private final class Mailbox<E extends Event> {
        final Class<E> type;
        final Executor executor;
        final long minIntervalNanos;
        final Consumer<? super E> handler;
        final ReentrantLock lock = new ReentrantLock();
        final Condition notFull = lock.newCondition();
        final ArrayDeque<Entry> queue = new ArrayDeque<>();
        final Map<Object, Entry> pendingByKey = new HashMap<>();
        int neverDropCount;
        boolean scheduled;
        long lastCoalescedDelivery;
        volatile boolean cancelled;

        Mailbox(Class<E> type, Executor executor, long minIntervalNanos, Consumer<? super E> handler) {
            this.type = type;
            this.executor = executor;
            this.minIntervalNanos = minIntervalNanos;
            this.handler = handler;
            this.lastCoalescedDelivery = System.nanoTime() - minIntervalNanos;
        }

        void offer(Event event) {
            boolean schedule;
            lock.lock();
            try {
                if (event.delivery() == Delivery.COALESCE) {
                    Object key = event.coalesceKey();
                    Entry pending = pendingByKey.get(key);
                    if (pending != null) {
                        pending.event = event;
                    } else {
                        Entry e = new Entry(event, key);
                        pendingByKey.put(key, e);
                        queue.add(e);
                    }
                } else {
                    while (neverDropCount >= capacity && DRAINING.get() != this && !cancelled && !closed) {
                        try {
                            notFull.await(50, TimeUnit.MILLISECONDS);
                        } catch (InterruptedException ie) {
                            Thread.currentThread().interrupt();
                            break; // deliver anyway: never-drop wins over the bound when interrupted
                        }
                    }
                    queue.add(new Entry(event, null));
                    neverDropCount++;
                }
                schedule = !scheduled;
                scheduled = true;
            } finally {
                lock.unlock();
            }
            if (schedule) {
                execute();
            }
        }

        void execute() {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                cancelled = true;
                LOG.log(Level.FINE, "subscriber executor rejected delivery; subscription dropped", e);
            }
        }

        @SuppressWarnings("unchecked")
        void drain() {
            Mailbox<?> previous = DRAINING.get();
            DRAINING.set(this);
            try {
                for (int n = 0; n < MAX_BATCH; n++) {
                    Event event;
                    lock.lock();
                    try {
                        Entry head = queue.peek();
                        if (head == null || cancelled) {
                            scheduled = false;
                            return;
                        }
                        if (head.key != null && minIntervalNanos > 0) {
                            long wait = lastCoalescedDelivery + minIntervalNanos - System.nanoTime();
                            if (wait > 0) {
                                // keep 'scheduled' set; the timer re-enters drain once the interval has passed
                                timer.schedule(this::execute, wait, TimeUnit.NANOSECONDS);
                                return;
                            }
                        }
                        queue.poll();
                        if (head.key != null) {
                            pendingByKey.remove(head.key);
                            lastCoalescedDelivery = System.nanoTime();
                        } else {
                            neverDropCount--;
                            notFull.signalAll();
                        }
                        event = head.event;
                    } finally {
                        lock.unlock();
                    }
                    try {
                        handler.accept((E) event);
                    } catch (RuntimeException | Error t) {
                        handlerFailed(event, t);
                    }
                }
                execute(); // yield the executor (e.g. the FX thread) between batches
            } catch (RejectedExecutionException e) {
                cancelled = true;
            } finally {
                if (previous == null) {
                    DRAINING.remove();
                } else {
                    DRAINING.set(previous);
                }
            }
        }
    }
}
