package io.go4j.sync;

import com.sun.jdi.Bootstrap;
import com.sun.jdi.Field;
import com.sun.jdi.IncompatibleThreadStateException;
import com.sun.jdi.IntegerValue;
import com.sun.jdi.LongValue;
import com.sun.jdi.Method;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.StackFrame;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.Connector;
import com.sun.jdi.connect.LaunchingConnector;
import com.sun.jdi.event.BreakpointEvent;
import com.sun.jdi.event.ClassPrepareEvent;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.EventSet;
import com.sun.jdi.event.StepEvent;
import com.sun.jdi.event.VMDisconnectEvent;
import com.sun.jdi.request.ClassPrepareRequest;
import com.sun.jdi.request.EventRequestManager;
import com.sun.jdi.request.StepRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A race that no scheduling point can open, made deterministic with a debugger: runs a class's
 * {@code main} in a second JVM, stops the first call of {@code WaitGroup.<method>(int)} with a
 * given argument, single-steps it (every bytecode of that frame, the calls it makes stepped over)
 * and reads the group's state word at every stop, while every other thread of that JVM is
 * suspended. A value seen at a stop is a value another goroutine could have seen there.
 *
 * @param output the debuggee's standard output, by line
 * @param states the state word at the call's entry and at every step of it
 */
record Stepped(List<String> output, List<Long> states) {
  private static final String TARGET = WaitGroup.class.getName();

  static Stepped run(Class<?> main, String method, int argument) throws Exception {
    LaunchingConnector launcher = Bootstrap.virtualMachineManager().defaultConnector();
    Map<String, Connector.Argument> args = launcher.defaultArguments();
    args.get("main").setValue(main.getName());
    args.get("options")
        .setValue(
            "-cp \""
                + System.getProperty("java.class.path")
                + "\" --add-opens java.base/java.lang=ALL-UNNAMED");
    VirtualMachine vm = launcher.launch(args);
    try {
      CompletableFuture<String> out = drain(vm.process().getInputStream());
      CompletableFuture<String> err = drain(vm.process().getErrorStream());
      List<Long> states = step(vm, method, argument);
      if (vm.process().waitFor() != 0) {
        throw new AssertionError("the debuggee failed:\n" + err.get());
      }
      return new Stepped(out.get().lines().toList(), states);
    } finally {
      vm.process().destroy();
    }
  }

  private static List<Long> step(VirtualMachine vm, String method, int argument)
      throws InterruptedException, IncompatibleThreadStateException {
    EventRequestManager requests = vm.eventRequestManager();
    ClassPrepareRequest prepare = requests.createClassPrepareRequest();
    prepare.addClassFilter(TARGET);
    prepare.enable();
    List<Long> states = new ArrayList<>();
    Field state = null;
    StepRequest stepping = null;
    while (true) {
      EventSet events = vm.eventQueue().remove();
      for (Event e : events) {
        switch (e) {
          case VMDisconnectEvent _ -> {
            return states;
          }
          case ClassPrepareEvent p -> {
            ReferenceType type = p.referenceType();
            state = type.fieldByName("state");
            for (Method m : type.methodsByName(method)) {
              requests.createBreakpointRequest(m.location()).enable();
            }
          }
          case BreakpointEvent b -> {
            StackFrame frame = b.thread().frame(0);
            if (stepping == null
                && ((IntegerValue) frame.getArgumentValues().get(0)).value() == argument) {
              states.add(read(frame, state));
              stepping =
                  requests.createStepRequest(
                      b.thread(), StepRequest.STEP_MIN, StepRequest.STEP_OVER);
              stepping.addClassFilter(TARGET);
              stepping.enable();
            }
          }
          case StepEvent s -> {
            if (s.location().method().name().equals(method)) {
              states.add(read(s.thread().frame(0), state));
            } else {
              requests.deleteEventRequest(stepping); // the call returned or threw
            }
          }
          default -> {}
        }
      }
      events.resume();
    }
  }

  private static long read(StackFrame frame, Field state) {
    return ((LongValue) frame.thisObject().getValue(state)).value();
  }

  private static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        });
  }
}
