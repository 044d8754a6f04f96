// Keydesk's theme tokens, loaded by app/globals.css with `@config`.
import type { Config } from "tailwindcss";

export default {
  theme: {
    extend: {
      // Each colour is a CSS variable (app/globals.css): light by default, dark when the system
      // asks for it or the person chose Dark in the user menu.
      colors: {
        brand: {
          50: "var(--kd-brand-50)",
          100: "var(--kd-brand-100)",
          500: "var(--kd-brand-500)",
          600: "var(--kd-brand-600)",
          650: "var(--kd-brand-650)",
          700: "var(--kd-brand-700)",
          800: "var(--kd-brand-800)",
        },
        ink: { DEFAULT: "var(--kd-ink)", soft: "var(--kd-ink-soft)", muted: "var(--kd-ink-muted)" },
        line: { DEFAULT: "var(--kd-line)", soft: "var(--kd-line-soft)" },
        surface: { DEFAULT: "var(--kd-surface)", sunken: "var(--kd-surface-sunken)" },
        danger: { 50: "var(--kd-danger-50)", 600: "var(--kd-danger-600)", 650: "var(--kd-danger-650)", 700: "var(--kd-danger-700)" },
        success: { 50: "var(--kd-success-50)", 700: "var(--kd-success-700)" },
        warning: { 50: "var(--kd-warning-50)", 600: "var(--kd-warning-600)", 800: "var(--kd-warning-800)" },
      },
      fontFamily: {
        sans: ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"],
        mono: ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace"],
      },
      borderRadius: { card: "0.75rem" },
    },
  },
} satisfies Config;
