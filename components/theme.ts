// The console's colour theme: the system's setting unless the person picked Light or Dark in the
// user menu. The choice lives in a cookie that the server reads to put the class on the console's
// root element, so the first paint is already right and no inline script is needed (a nonce
// Content-Security-Policy stays intact).
export const THEME_COOKIE = "keydesk-theme";
export const THEMES = ["system", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];
export const THEME_LABEL: Record<Theme, string> = { system: "System", light: "Light", dark: "Dark" };

export function parseTheme(value: string | undefined): Theme {
  return THEMES.find((t) => t === value) ?? "system";
}

/** The class on the console's root element; "system" needs none (the stylesheet follows the system). */
export function themeClass(theme: Theme): string {
  return theme === "system" ? "" : `theme-${theme}`;
}
