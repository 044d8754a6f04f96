"use client";
// The API endpoint as people copy it: absolute. The server renders what configuration says
// (lib/api-endpoint.ts), which may be a bare path; the browser resolves that against the page's
// own address once hydrated, so the server's HTML never depends on a request's Host header.
import { useSyncExternalStore } from "react";
import { absoluteEndpoint } from "@/lib/api/endpoint";

const subscribe = () => () => {};

export function useAbsoluteEndpoint(endpoint: string): string {
  return useSyncExternalStore(
    subscribe,
    () => absoluteEndpoint(endpoint, window.location.href),
    () => endpoint,
  );
}
