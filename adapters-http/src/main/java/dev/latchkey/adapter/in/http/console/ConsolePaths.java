package dev.latchkey.adapter.in.http.console;

/** Where the console lives. */
public final class ConsolePaths {

    public static final String ROOT = "/console";
    static final String SIGN_IN = ROOT + "/sign-in";
    static final String STATIC = ROOT + "/static/";

    private ConsolePaths() {
    }

    /** Whether {@code path} is a console page (its static files need no session). */
    public static boolean isConsole(String path) {
        return (path.equals(ROOT) || path.startsWith(ROOT + "/")) && !path.startsWith(STATIC);
    }
}
