// Key lifetimes. A key always expires; the policy caps how far ahead (default 365 days).
import { KeydeskError } from "../errors";

export const DAY_MS = 24 * 60 * 60 * 1000;

export const EXPIRY_PRESETS = [
  { value: "7d", label: "7 days", days: 7 },
  { value: "30d", label: "30 days", days: 30 },
  { value: "90d", label: "90 days", days: 90 },
  { value: "1y", label: "1 year", days: 365 },
] as const;

type ExpiryPreset = (typeof EXPIRY_PRESETS)[number]["value"];
export type ExpiryChoice = ExpiryPreset | "custom";

/** "YYYY-MM-DD" of an instant, in UTC (the calendar Keydesk shows and accepts). */
export function utcDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}

export function addDays(at: Date, days: number): Date {
  return new Date(at.getTime() + days * DAY_MS);
}

/** The last day a custom expiry may name under the policy. */
export function latestCustomDate(now: Date, maxLifetimeDays: number): string {
  return utcDate(addDays(now, maxLifetimeDays));
}

/** The preset closest to (not above) the policy's default lifetime, for the form's default. */
export function defaultExpiryChoice(defaultLifetimeDays: number, maxLifetimeDays: number): ExpiryChoice {
  const fitting = EXPIRY_PRESETS.filter((p) => p.days <= Math.min(defaultLifetimeDays, maxLifetimeDays));
  return fitting.at(-1)?.value ?? "custom";
}

/**
 * The expiry instant for a choice. Presets run from now; a custom date runs to the end of that
 * day (UTC), capped at the policy's maximum from now (so the last allowed day ends at this
 * time of day). Refuses dates in the past, today, malformed dates and anything past the policy.
 */
export function resolveExpiry(choice: ExpiryChoice, customDate: string | undefined, policy: { maxLifetimeDays: number }, now: Date): Date {
  if (choice !== "custom") {
    const preset = EXPIRY_PRESETS.find((p) => p.value === choice);
    if (!preset) throw new KeydeskError("validation_failed", "Choose an expiration.", { field: "expiresIn" });
    if (preset.days > policy.maxLifetimeDays) {
      throw new KeydeskError("validation_failed", `Keys may live at most ${policy.maxLifetimeDays} days; choose a shorter expiration.`, {
        field: "expiresIn",
      });
    }
    return addDays(now, preset.days);
  }
  if (
    !customDate ||
    !/^\d{4}-\d{2}-\d{2}$/.test(customDate) ||
    Number.isNaN(Date.parse(`${customDate}T00:00:00Z`)) ||
    utcDate(new Date(`${customDate}T00:00:00Z`)) !== customDate
  ) {
    throw new KeydeskError("validation_failed", "Enter the expiry date as YYYY-MM-DD.", { field: "customDate" });
  }
  if (customDate <= utcDate(now)) {
    throw new KeydeskError("validation_failed", "Choose a date after today.", { field: "customDate" });
  }
  const latest = latestCustomDate(now, policy.maxLifetimeDays);
  if (customDate > latest) {
    throw new KeydeskError("validation_failed", `Keys may live at most ${policy.maxLifetimeDays} days: choose ${latest} or earlier.`, {
      field: "customDate",
    });
  }
  // The end of that day, but never past the policy's maximum counted from now.
  const endOfDay = new Date(`${customDate}T23:59:59.999Z`);
  const latestInstant = addDays(now, policy.maxLifetimeDays);
  return endOfDay < latestInstant ? endOfDay : latestInstant;
}
