package dev.cloudget.client.terminal;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether standard output is a terminal (progress bars redraw) or a pipe or file (plain lines). */
public final class Terminal {

    private Terminal() {
    }

    /**
     * {@code CLOUDGET_PROGRESS=bar|plain} decides when set; otherwise the console: from JDK 22 {@code System.console()}
     * exists even when redirected and {@code Console.isTerminal()} tells, before that a console exists only on a
     * terminal. Looked up by reflection: the client is built for Java 21.
     */
    public static boolean stdoutIsTerminal() {
        String forced = System.getenv("CLOUDGET_PROGRESS");
        if ("bar".equalsIgnoreCase(forced)) {
            return true;
        }
        if ("plain".equalsIgnoreCase(forced)) {
            return false;
        }
        Console console = System.console();
        return console != null && isTerminal(console);
    }

    /** Whether {@code console} is a terminal: asked from JDK 22, taken as one before (a console existed only then). */
    public static boolean isTerminal(Console console) {
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException beforeJdk22) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
