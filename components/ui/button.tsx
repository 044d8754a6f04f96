import type { ButtonHTMLAttributes } from "react";
import { cn } from "./cn";

export type ButtonVariant = "primary" | "secondary" | "danger" | "ghost" | "ghost-danger";

const VARIANTS: Record<ButtonVariant, string> = {
  primary: "bg-brand-600 text-white hover:bg-brand-650 disabled:bg-brand-600/60 aria-busy:bg-brand-600/60",
  secondary: "border border-line bg-surface text-ink hover:bg-surface-sunken disabled:text-ink-muted aria-busy:text-ink-muted",
  danger: "bg-danger-600 text-white hover:bg-danger-650 disabled:bg-danger-600/60 aria-busy:bg-danger-600/60",
  ghost: "text-ink-soft hover:bg-surface-sunken disabled:text-ink-muted aria-busy:text-ink-muted",
  "ghost-danger": "text-danger-700 hover:bg-danger-50 disabled:text-ink-muted aria-busy:text-ink-muted",
};

export function buttonClass(variant: ButtonVariant = "secondary", size: "sm" | "md" = "md"): string {
  return cn(
    "inline-flex items-center justify-center gap-1.5 rounded-md font-medium transition-colors disabled:cursor-not-allowed aria-busy:cursor-wait",
    size === "sm" ? "px-2.5 py-1 text-sm" : "px-3.5 py-2 text-sm",
    VARIANTS[variant],
  );
}

type Props = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: ButtonVariant;
  size?: "sm" | "md";
  /**
   * While its action runs: the button refuses clicks (and so a form's second submit) but stays
   * enabled, because Chromium moves focus to the page when a focused button is disabled.
   */
  busy?: boolean;
};

export function Button({ variant, size, className, type = "button", busy, onClick, ...rest }: Props) {
  return (
    <button
      type={type}
      aria-busy={busy || undefined}
      aria-disabled={busy || undefined}
      onClick={busy ? (event) => event.preventDefault() : onClick}
      className={cn(buttonClass(variant, size), className)}
      {...rest}
    />
  );
}
