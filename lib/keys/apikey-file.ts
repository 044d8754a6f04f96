// The .APIKEY file offered in the reveal dialog: plain text, CRLF line ends, readable in Notepad.
// Built in the browser from what the dialog already shows; nothing is fetched or stored.
import { apiSetLabel } from "./api-sets";

export type ApiKeyFileData = {
  endpoint: string;
  clientId: string;
  token: string;
  name: string;
  apiSets: readonly string[];
  createdAt: string;
  expiresAt: string;
};

const stamp = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

export function apiKeyFileContent(d: ApiKeyFileData): string {
  const lines = [
    "Keydesk API key",
    "Keep this file private: anyone who has it can call the API as you.",
    "",
    `Endpoint:    ${d.endpoint}`,
    `Client ID:   ${d.clientId}`,
    `Secret key:  ${d.token}`,
    `Name:        ${d.name}`,
    `API sets:    ${d.apiSets.map((s) => `${apiSetLabel(s)} (${s})`).join(", ")}`,
    `Created:     ${stamp(d.createdAt)}`,
    `Expires:     ${stamp(d.expiresAt)}`,
    "",
    "Use it as: Authorization: Bearer <secret key>",
    "",
  ];
  return lines.join("\r\n");
}

export function apiKeyFileName(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[^\w\s-]/g, "")
    .trim()
    .replace(/[\s_-]+/g, "-")
    .toLowerCase()
    .slice(0, 48);
  return `${slug || "keydesk-key"}.APIKEY`;
}
