// The token's shape, without any Node.js import, so browser code (form validation) can
// recognise a key too. lib/keys/token.ts generates, parses and hashes tokens.
export const TOKEN_PREFIX = "kdk_";
export const CLIENT_ID_LENGTH = 20;
export const SECRET_LENGTH = 43;
export const CHECKSUM_LENGTH = 6;
export const TOKEN_LENGTH = TOKEN_PREFIX.length + CLIENT_ID_LENGTH + 1 + SECRET_LENGTH + CHECKSUM_LENGTH;

const TOKEN_SHAPE = `${TOKEN_PREFIX}[0-9A-Za-z]{${CLIENT_ID_LENGTH}}_[0-9A-Za-z]{${SECRET_LENGTH + CHECKSUM_LENGTH}}`;

/** True when `text` contains something shaped like a whole token. */
export function looksLikeToken(text: string): boolean {
  return new RegExp(TOKEN_SHAPE).test(text);
}

/** `text` with anything shaped like a token masked: for logs and error messages. */
export function redactTokens(text: string): string {
  return text.replace(new RegExp(TOKEN_SHAPE, "g"), `${TOKEN_PREFIX}[redacted]`);
}
