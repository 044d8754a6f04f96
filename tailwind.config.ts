// Keydesk's theme tokens, loaded by app/globals.css with `@config`.
import type { Config } from "tailwindcss";

export default {
  theme: {
    extend: {
      colors: {
        brand: {
          50: "#eef4ff",
          100: "#dbe6fe",
          500: "#3b6cf6",
          600: "#2753e0",
          700: "#1f42b4",
          800: "#1e3a8a",
        },
        ink: { DEFAULT: "#111827", soft: "#374151", muted: "#4b5563" },
        line: { DEFAULT: "#d1d5db", soft: "#e5e7eb" },
        surface: { DEFAULT: "#ffffff", sunken: "#f6f7f9" },
        danger: { 50: "#fef2f2", 600: "#c62828", 700: "#a31d1d" },
        success: { 50: "#ecfdf3", 700: "#166534" },
        warning: { 50: "#fffbeb", 600: "#b45309", 800: "#854d0e" },
      },
      fontFamily: {
        sans: ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"],
        mono: ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace"],
      },
      borderRadius: { card: "0.75rem" },
    },
  },
} satisfies Config;
