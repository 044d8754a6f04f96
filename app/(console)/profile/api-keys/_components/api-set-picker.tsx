"use client";
// Two lists, Available API and Selected API, with → and ← moving the highlighted items.
// Keyboard: Tab into a list, ↑/↓ move, Space highlights, Enter moves the highlighted (or the
// current) item across; double-click does the same with the mouse.
import { useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";

export type ApiSetOption = { code: string; label: string; description: string };

type Props = {
  options: ApiSetOption[];
  value: string[];
  onChange: (next: string[]) => void;
  errorId?: string;
  invalid?: boolean;
};

export function ApiSetPicker({ options, value, onChange, errorId, invalid }: Props) {
  const selected = options.filter((o) => value.includes(o.code));
  const available = options.filter((o) => !value.includes(o.code));
  const [highlight, setHighlight] = useState<{ available: string[]; selected: string[] }>({ available: [], selected: [] });

  function move(from: "available" | "selected", codes: string[]) {
    if (codes.length === 0) return;
    const next = from === "available" ? [...value, ...codes] : value.filter((c) => !codes.includes(c));
    // Keep the catalogue's order so the stored form and the list agree.
    onChange(options.map((o) => o.code).filter((c) => next.includes(c)));
    setHighlight((h) => ({ ...h, [from]: [] }));
  }

  return (
    <div className="grid grid-cols-[1fr_auto_1fr] items-stretch gap-3">
      <ApiSetList
        title="Available API"
        items={available}
        highlighted={highlight.available}
        onHighlight={(codes) => setHighlight((h) => ({ ...h, available: codes }))}
        onActivate={(codes) => move("available", codes)}
        emptyText="All API sets are selected."
      />
      <div className="flex flex-col items-center justify-center gap-2">
        <Button
          size="sm"
          aria-label="Add highlighted to Selected API"
          title="Add highlighted to Selected API"
          disabled={highlight.available.length === 0}
          onClick={() => move("available", highlight.available)}
        >
          <span aria-hidden="true">→</span>
        </Button>
        <Button
          size="sm"
          aria-label="Remove highlighted from Selected API"
          title="Remove highlighted from Selected API"
          disabled={highlight.selected.length === 0}
          onClick={() => move("selected", highlight.selected)}
        >
          <span aria-hidden="true">←</span>
        </Button>
      </div>
      <ApiSetList
        title="Selected API"
        items={selected}
        highlighted={highlight.selected}
        onHighlight={(codes) => setHighlight((h) => ({ ...h, selected: codes }))}
        onActivate={(codes) => move("selected", codes)}
        emptyText="Nothing selected yet."
        errorId={errorId}
        invalid={invalid}
      />
    </div>
  );
}

type ListProps = {
  title: string;
  items: ApiSetOption[];
  highlighted: string[];
  onHighlight: (codes: string[]) => void;
  onActivate: (codes: string[]) => void;
  emptyText: string;
  errorId?: string;
  invalid?: boolean;
};

function ApiSetList({ title, items, highlighted, onHighlight, onActivate, emptyText, errorId, invalid }: ListProps) {
  const titleId = useId();
  const baseId = useId();
  const emptyId = `${baseId}-empty`;
  const [cursor, setCursor] = useState(0);
  const listRef = useRef<HTMLDivElement>(null);
  const current = Math.min(cursor, Math.max(items.length - 1, 0));
  const optionId = (i: number) => `${baseId}-opt-${i}`;

  function toggle(code: string) {
    onHighlight(highlighted.includes(code) ? highlighted.filter((c) => c !== code) : [...highlighted, code]);
  }

  function onKeyDown(event: React.KeyboardEvent) {
    if (items.length === 0) return;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      setCursor(Math.min(current + 1, items.length - 1));
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setCursor(Math.max(current - 1, 0));
    } else if (event.key === "Home") {
      event.preventDefault();
      setCursor(0);
    } else if (event.key === "End") {
      event.preventDefault();
      setCursor(items.length - 1);
    } else if (event.key === " ") {
      event.preventDefault();
      toggle(items[current].code);
    } else if (event.key === "Enter") {
      event.preventDefault();
      onActivate(highlighted.length > 0 ? highlighted : [items[current].code]);
    } else if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "a") {
      event.preventDefault();
      onHighlight(items.map((i) => i.code));
    }
  }

  return (
    <div className="flex min-w-0 flex-col">
      <p id={titleId} className="mb-1 text-sm font-medium">
        {title}
      </p>
      <div className={cn("relative h-48 rounded-md border bg-surface", invalid ? "border-danger-600" : "border-line")}>
        <div
          ref={listRef}
          role="listbox"
          aria-labelledby={titleId}
          aria-multiselectable="true"
          aria-activedescendant={items.length > 0 ? optionId(current) : undefined}
          aria-describedby={[items.length === 0 ? emptyId : null, errorId].filter(Boolean).join(" ") || undefined}
          aria-invalid={invalid || undefined}
          tabIndex={0}
          onKeyDown={onKeyDown}
          className="h-full overflow-y-auto p-1 text-sm"
        >
          {items.map((item, i) => {
            const isHighlighted = highlighted.includes(item.code);
            return (
              // biome-ignore lint/a11y/useKeyWithClickEvents: the listbox handles the keys for its options.
              // biome-ignore lint/a11y/useFocusableInteractive: focus stays on the listbox; the option is its active descendant.
              <div
                key={item.code}
                id={optionId(i)}
                role="option"
                aria-selected={isHighlighted}
                title={item.description}
                onClick={() => {
                  setCursor(i);
                  toggle(item.code);
                }}
                onDoubleClick={() => onActivate([item.code])}
                className={cn(
                  "cursor-pointer select-none rounded px-2 py-1.5",
                  isHighlighted ? "bg-brand-600 text-white" : "hover:bg-surface-sunken",
                  i === current && "ring-1 ring-inset ring-brand-500",
                )}
              >
                {item.label}
              </div>
            );
          })}
        </div>
        {items.length === 0 ? (
          <p id={emptyId} className="pointer-events-none absolute inset-x-0 top-0 px-3 py-2 text-xs text-ink-muted">
            {emptyText}
          </p>
        ) : null}
      </div>
    </div>
  );
}
