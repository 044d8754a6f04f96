// In-process notice of committed key changes, so the process that made a change refuses an
// affected key at once (other processes learn of it from the KeyChange feed). Kept on
// globalThis: the console's actions and the API mounted beside them may be bundled apart but
// share one process.
export type KeyChangeListener = (userId: string | null) => void;

const registry = globalThis as unknown as { keydeskKeyChangeListeners?: Set<KeyChangeListener> };
registry.keydeskKeyChangeListeners ??= new Set();
const listeners = registry.keydeskKeyChangeListeners;

/** Subscribes to committed changes; `null` means every user. Returns the unsubscribe function. */
export function onKeyChange(listener: KeyChangeListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function emitKeyChange(userId: string | null): void {
  for (const listener of listeners) {
    try {
      listener(userId);
    } catch (error) {
      console.error("[keydesk] key change listener failed:", error instanceof Error ? error.message : error);
    }
  }
}

/** PostgreSQL channel on which committed changes are announced (payload: user id or "*"). */
export const KEY_CHANGE_CHANNEL = "keydesk_key_change";
export const ALL_USERS_PAYLOAD = "*";
