"use client";
// The signed-in user's name, top right; opens a menu with Profile and Sign out. Keyboard: Enter,
// Space or ArrowDown open it, arrows move, Escape closes and returns focus to the button.
import Link from "next/link";
import { useCallback, useEffect, useId, useRef, useState } from "react";

type Props = { name: string; email: string; signOut: () => Promise<void> };

export function UserMenu({ name, email, signOut }: Props) {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const menuId = useId();

  const items = useCallback(() => Array.from(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []), []);

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
        className="flex items-center gap-2 rounded-md px-2 py-1 text-sm font-medium text-ink hover:bg-surface-sunken"
      >
        <span
          aria-hidden="true"
          className="flex h-7 w-7 items-center justify-center rounded-full bg-brand-100 text-xs font-semibold text-brand-800"
        >
          {initials(name)}
        </span>
        <span>{name}</span>
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
          className="absolute right-0 z-20 mt-2 w-56 rounded-md border border-line-soft bg-surface py-1 shadow-lg"
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
