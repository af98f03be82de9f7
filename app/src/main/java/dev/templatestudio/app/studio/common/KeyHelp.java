package dev.templatestudio.app.studio.common;

/**
 * One key binding as Help > Keyboard Shortcuts lists it. The menus' accelerators are read from
 * the menus; a view that handles keys itself declares them beside its handler as these.
 *
 * @param keys   such as "F3" or "Shift+F3"
 * @param action what it does, and where
 */
public record KeyHelp(String keys, String action) {}
