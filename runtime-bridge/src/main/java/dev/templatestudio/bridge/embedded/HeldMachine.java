package dev.templatestudio.bridge.embedded;

import dev.templatestudio.bridge.embedded.machine.Machine;
import dev.templatestudio.bridge.embedded.machine.ReadyWaiter;
import dev.templatestudio.bridge.embedded.sandbox.Sandbox;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.machines.MachineInfo;
import dev.templatestudio.bridge.machines.MachineRequest;
import dev.templatestudio.bridge.machines.Machines;
import dev.templatestudio.bridge.machines.Publish;
import dev.templatestudio.bridge.plan.StepFailure;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * One machine that lives until removed or until its timeout. Its own thread starts it, waits
 * for its ready check, then holds it until asked to stop, and closes it: a sandbox must be
 * started and closed on a thread that lives as long as it does. Thread-safe.
 */
final class HeldMachine {
  /** What a template without a start command runs as its init, so the machine stays up. */
  static final List<String> IDLE = List.of("/bin/sh", "-c", "exec sleep 2147483647");
  private final String id;
  private final MachineRequest request;
  private final MachineImage image;
  private final Instant created = Instant.now();
  private final Instant expires;
  private final StartOutput output = new StartOutput();
  private final CountDownLatch settled = new CountDownLatch(1);
  private final CountDownLatch stop = new CountDownLatch(1);
  private final Thread thread;
  private volatile Machine machine;
  private volatile String state = MachineInfo.STARTING;
  private volatile Long readyMillis;
  private volatile String message;

  HeldMachine(String id, MachineRequest request, MachineImage image, Store store, Sandbox sandbox,
      HolderRecords records, Runnable gone) {
    this.id = id;
    this.request = request;
    this.image = image;
    this.expires = request.timeoutSeconds() == 0 ? null : created.plusSeconds(request.timeoutSeconds());
    this.thread = new Thread(() -> hold(store, sandbox, records, gone), "machine-" + id);
    thread.setDaemon(true);
  }

  /** Starts the machine and waits until it is ready or failed; the state says which. */
  void startAndAwait() throws InterruptedException {
    thread.start();
    settled.await();
  }

  private void hold(Store store, Sandbox sandbox, HolderRecords records, Runnable gone) {
    long t0 = System.nanoTime();
    Map<String, String> env = env();
    List<String> init = image.start().isEmpty() ? IDLE : image.start();
    try (Machine m = Machine.start(sandbox, store.work(), image.lowers(), init, env, image.user(),
        image.workdir(), image.limits(), null, output::add, !request.hostNetwork())) {
      machine = m;
      records.add(id, m.hostPid());
      for (Publish p : request.publish()) {
        m.publish(p.hostPort(), p.port());
      }
      ReadyWaiter.await(m, image.ready(), env, image.user(), () -> stop.getCount() == 0);
      readyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      // The agent starts after the ready check, so it takes no CPU from the start, and after
      // the create is answered; a command sent before it is up waits for it.
      m.expectAgent();
      state = MachineInfo.READY;
      settled.countDown();
      m.startAgent();
      if (expires == null) {
        stop.await();
      } else {
        stop.await(Math.max(0, expires.toEpochMilli() - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
      }
    } catch (StepFailure e) {
      message = "the machine did not get ready: " + e.getMessage();
      state = MachineInfo.FAILED;
    } catch (IOException e) {
      message = "the machine did not start: " + e.getMessage();
      state = MachineInfo.FAILED;
    } catch (InterruptedException e) {
      message = "the machine was stopped while it started";
      state = MachineInfo.FAILED;
    } finally {
      records.remove(id);
      machine = null;
      if (!MachineInfo.FAILED.equals(state)) {
        state = MachineInfo.REMOVED;
      }
      output.end();
      settled.countDown();
      gone.run();
    }
  }

  /** The image's env (runtime envs included) with the machine's own on top. */
  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>(image.env());
    env.putAll(request.env());
    return env;
  }

  String id() {
    return id;
  }

  String state() {
    return state;
  }

  String message() {
    return message;
  }

  MachineInfo info() {
    Machine m = machine;
    MachineUsage usage = null;
    if (m != null && MachineInfo.READY.equals(state)) {
      try {
        usage = MachineUsage.of(m.initPid());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return new MachineInfo(id, request.ref(), state, created.toString(), readyMillis,
        usage == null ? null : usage.cpuSeconds(), usage == null ? null : usage.memoryBytes(),
        expires == null ? null : expires.toString(), message);
  }

  int exec(List<String> command, InputStream stdin, BiConsumer<String, String> sink)
      throws IOException, InterruptedException {
    Machine m = machine;
    if (m == null || !MachineInfo.READY.equals(state)) {
      throw new IOException("machine " + id + " is " + state + (message == null ? "" : " (" + message + ")")
          + ": commands run only in a ready machine");
    }
    return m.exec(command, env(), image.user(), stdin, sink::accept, 0);
  }

  /** Waits until the machine's exec agent is up (at most a few seconds; without one, at once). */
  void warm() throws InterruptedException {
    Machine m = machine;
    if (m != null) {
      m.awaitAgent();
    }
  }

  void logs(long from, boolean follow, Machines.LogLineConsumer consumer) throws IOException, InterruptedException {
    output.read(from, follow, consumer);
  }

  /** Asks the machine to stop, without waiting. */
  void askToStop() {
    stop.countDown();
  }

  /** Asks the machine to stop and waits (up to 30 s) until its processes and files are gone. */
  void remove() throws InterruptedException {
    askToStop();
    if (Thread.currentThread() != thread) {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    }
  }
}
