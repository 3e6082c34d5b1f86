package io.mnemos.speech.asr.internal;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/**
 * Runs tasks one at a time, in submission order, on a shared executor: an actor's mailbox. Many serial executors can
 * share one small pool, so any worker serves any session while each session's work stays ordered.
 */
public final class SerialExecutor implements Executor {
    private static final int FAIR_BATCH = 32;
    private final Executor delegate;
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private boolean running;

    public SerialExecutor(Executor delegate) {
        this.delegate = delegate;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (tasks) {
            tasks.add(task);
            if (running) {
                return;
            }
            running = true;
        }
        delegate.execute(this::drain);
    }

    /** Tasks waiting to run. */
    public int pending() {
        synchronized (tasks) {
            return tasks.size();
        }
    }

    private void drain() {
        for (int done = 0; ; done++) {
            if (done == FAIR_BATCH) {
                // Let other sessions' work onto this worker, then continue.
                delegate.execute(this::drain);
                return;
            }
            Runnable next;
            synchronized (tasks) {
                next = tasks.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                Thread t = Thread.currentThread();
                t.getUncaughtExceptionHandler().uncaughtException(t, e);
            }
        }
    }
}
