// Stand-in for the "server-only" marker package under Vitest (which is server code anyway).
export {};
