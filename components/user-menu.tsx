"use client";
// The signed-in user's name, top right; opens a menu with Profile, the theme (System, Light,
// Dark) and Sign out. Keyboard: Enter, Space or ArrowDown open it, arrows move, Escape closes and
// returns focus to the button.
import Link from "next/link";
import { useCallback, useEffect, useId, useRef, useState } from "react";
import { THEME_COOKIE, THEME_LABEL, THEMES, type Theme, themeClass } from "./theme";

type Props = { name: string; email: string; signOut: () => Promise<void>; theme: Theme };

export function UserMenu({ name, email, signOut, theme: initialTheme }: Props) {
  const [open, setOpen] = useState(false);
  const [theme, setTheme] = useState(initialTheme);

  function chooseTheme(next: Theme) {
    setTheme(next);
    // Remembered for a year; the server applies it on every page from now on.
    // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is not in every browser the console supports.
    document.cookie = `${THEME_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
    const root = document.getElementById("console-root");
    if (root) {
      for (const t of THEMES) root.classList.remove(`theme-${t}`);
      const cls = themeClass(next);
      if (cls) root.classList.add(cls);
    }
  }
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const menuId = useId();

  const items = useCallback(
    () => Array.from(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"], [role="menuitemradio"]') ?? []),
    [],
  );

  useEffect(() => {
    if (!open) return;
    items()[0]?.focus();
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointer);
    return () => document.removeEventListener("pointerdown", onPointer);
  }, [open, items]);

  function onMenuKey(event: React.KeyboardEvent) {
    const list = items();
    const index = list.indexOf(document.activeElement as HTMLElement);
    if (event.key === "Escape") {
      event.preventDefault();
      setOpen(false);
      buttonRef.current?.focus();
    } else if (event.key === "ArrowDown") {
      event.preventDefault();
      list[(index + 1) % list.length]?.focus();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      list[(index - 1 + list.length) % list.length]?.focus();
    } else if (event.key === "Home") {
      event.preventDefault();
      list[0]?.focus();
    } else if (event.key === "End") {
      event.preventDefault();
      list.at(-1)?.focus();
    } else if (event.key === "Tab") {
      setOpen(false);
    }
  }

  return (
    <div className="relative">
      <button
        ref={buttonRef}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen((v) => !v)}
        onKeyDown={(event) => {
          if (event.key === "ArrowDown") {
            event.preventDefault();
            setOpen(true);
          }
        }}
        className="flex max-w-full items-center gap-2 rounded-md px-2 py-1 text-sm font-medium text-ink hover:bg-surface-sunken"
      >
        <span
          aria-hidden="true"
          className="flex h-7 w-7 items-center justify-center rounded-full bg-brand-100 text-xs font-semibold text-brand-800"
        >
          {initials(name)}
        </span>
        <span className="max-w-[9rem] truncate sm:max-w-xs">{name}</span>
        <span aria-hidden="true" className="text-ink-muted">
          ▾
        </span>
      </button>
      {open ? (
        <div
          ref={menuRef}
          id={menuId}
          role="menu"
          aria-label={name}
          onKeyDown={onMenuKey}
          className="absolute right-0 z-20 mt-2 w-56 max-w-[calc(100vw-2rem)] rounded-md border border-line-soft bg-surface py-1 shadow-lg"
        >
          <p className="truncate px-3 py-2 text-xs text-ink-muted">{email}</p>
          <Link
            href="/profile"
            role="menuitem"
            tabIndex={-1}
            onClick={() => setOpen(false)}
            className="block px-3 py-2 text-sm text-ink hover:bg-surface-sunken focus:bg-surface-sunken"
          >
            Profile
          </Link>
          {/* biome-ignore lint/a11y/useSemanticElements: a group of menu items inside role="menu" (a fieldset is not allowed there). */}
          <div role="group" aria-label="Theme" className="border-y border-line-soft py-1">
            <p aria-hidden="true" className="px-3 pt-1 text-xs font-medium text-ink-muted">
              Theme
            </p>
            {THEMES.map((t) => (
              <button
                key={t}
                type="button"
                role="menuitemradio"
                aria-checked={theme === t}
                tabIndex={-1}
                onClick={() => chooseTheme(t)}
                className="flex w-full items-center justify-between px-3 py-1.5 text-left text-sm text-ink hover:bg-surface-sunken focus:bg-surface-sunken"
              >
                {THEME_LABEL[t]}
                {theme === t ? <span aria-hidden="true">✓</span> : null}
              </button>
            ))}
          </div>
          <form action={signOut}>
            <button
              type="submit"
              role="menuitem"
              tabIndex={-1}
              className="block w-full px-3 py-2 text-left text-sm text-ink hover:bg-surface-sunken focus:bg-surface-sunken"
            >
              Sign out
            </button>
          </form>
        </div>
      ) : null}
    </div>
  );
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase())
    .join("");
}
