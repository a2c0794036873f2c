package dev.crossfade.processor.generate;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Work on another thread whose result the processor waits for. Only pure computation goes there: the Filer
 * and the Messager belong to the thread javac called the processor on. A failure is rethrown as it was
 * thrown, so it is reported as it would have been on the processor's own thread.
 */
public final class Background<T> {
  private final FutureTask<T> task;
  private final String name;

  public Background(String name, Callable<T> work) {
    this.name = name;
    task = new FutureTask<>(work);
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
  }

  public T get() {
    try {
      return task.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + name, e);
    }
  }

  public void cancel() {
    task.cancel(true);
  }
}
