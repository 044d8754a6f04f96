"use client";
// The actions of a key's own page: Edit, and Deactivate or Activate (confirmed). Only active and
// inactive keys can be changed.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { ApiKeyView } from "@/lib/keys/key-view";
import { SetActiveDialog } from "./confirm-dialogs";
import { EditKeyDialog } from "./edit-key-dialog";

export function KeyControls({ apiKey }: { apiKey: ApiKeyView }) {
  const [editing, setEditing] = useState<ApiKeyView | null>(null);
  const [toggling, setToggling] = useState<ApiKeyView | null>(null);
  if (apiKey.status !== "active" && apiKey.status !== "inactive") return null;
  return (
    <div className="flex flex-wrap gap-2">
      <Button onClick={() => setEditing(apiKey)}>Edit</Button>
      <Button id="key-toggle-button" variant={apiKey.status === "inactive" ? "primary" : "danger"} onClick={() => setToggling(apiKey)}>
        {apiKey.status === "inactive" ? "Activate" : "Deactivate"}
      </Button>
      <EditKeyDialog target={editing} onClose={() => setEditing(null)} />
      <SetActiveDialog
        target={toggling}
        onClose={() => setToggling(null)}
        fallbackFocus={() => document.getElementById("key-toggle-button")}
      />
    </div>
  );
}
