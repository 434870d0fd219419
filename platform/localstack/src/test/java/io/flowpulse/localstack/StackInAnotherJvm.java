package io.flowpulse.localstack;

import java.nio.file.Path;

/** Starts ClickHouse in a stack, prints the pids of its process tree, then waits to be killed. */
public final class StackInAnotherJvm {

    public static void main(String[] args) throws Exception {
        LocalStack stack = LocalStack.create(Path.of(args[0]));
        ClickHouseServer clickHouse = stack.clickHouse();
        ProcessHandle launcher = ProcessHandle.of(clickHouse.pid().orElseThrow()).orElseThrow();
        StringBuilder pids = new StringBuilder("pids");
        pids.append(' ').append(launcher.pid());
        launcher.descendants().forEach(p -> pids.append(' ').append(p.pid()));
        System.out.println(pids);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
