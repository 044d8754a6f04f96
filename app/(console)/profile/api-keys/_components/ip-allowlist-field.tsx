"use client";
// The IP allowlist control of the New API key and Edit dialogs: one address or CIDR range per
// line (commas and spaces also separate). The shared schema normalises what is typed.
import type { UseFormRegisterReturn } from "react-hook-form";
import { Field, inputClass } from "@/components/ui/field";
import { IP_ALLOWLIST_MAX } from "@/lib/keys/ip-allowlist";

export function IpAllowlistField({ id, error, registration }: { id: string; error?: string; registration: UseFormRegisterReturn }) {
  return (
    <Field
      id={id}
      label="IP allowlist"
      error={error}
      hint={`Optional. One IPv4 or IPv6 address or CIDR range per line (e.g. 203.0.113.7, 198.51.100.0/24, 2001:db8::/32), at most ${IP_ALLOWLIST_MAX}. Empty: any address may use the key.`}
    >
      {(control) => (
        <textarea
          rows={3}
          spellCheck={false}
          autoComplete="off"
          className={`${inputClass} font-mono`}
          placeholder="203.0.113.0/24"
          {...control}
          {...registration}
        />
      )}
    </Field>
  );
}
