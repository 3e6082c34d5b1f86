package io.mnemos.memory.action;

/**
 * What a step acts on.
 *
 * @param system the app (UI) or tool / service (API)
 * @param location the screen (UI) or endpoint (API)
 * @param element the UI element selector; {@code null} for API calls
 */
public record Target(String system, String location, String element) {

    public static Target ui(String app, String screen, String element) {
        return new Target(app, screen, element);
    }

    public static Target tool(String tool, String endpoint) {
        return new Target(tool, endpoint, null);
    }
}
