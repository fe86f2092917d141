/**
 * The one form of an address that is compared, stored as the account's key and rate-limited, so that
 * a person is one account and one lockout whatever form of their address is typed: trimmed, Unicode
 * NFKC (full-width and other compatibility letters become plain ones, NFD becomes composed), then
 * lower-cased with JavaScript's locale-independent Unicode mapping and normalised again (lower-casing
 * can undo NFKC). Postgres' `lower()` is never used for this: it follows the database's collation and
 * disagrees with JavaScript (it turns `İ` into `i`, where Unicode makes `i̇`).
 */
export const emailKey = (email: string): string =>
  email.trim().normalize('NFKC').toLowerCase().normalize('NFKC');

/** Anything printable but space, control, format and the characters RFC 5322 keeps for its syntax. */
const LOCAL_PART = /^[^\s\p{C}@"(),:;<>[\]\\]{1,64}$/u;
const DOMAIN_LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{M}\p{N}-]{0,61}[\p{L}\p{M}\p{N}])?$/u;
const TOP_LEVEL = /^(?:\p{L}[\p{L}\p{M}]+|xn--[a-z0-9-]+)$/iu;

/**
 * An address people can have, international ones included (RFC 6531: `éve@exämple.io`): one `@`, a
 * dot-separated local part without spaces, controls or invisible formatting characters, and a domain
 * of letter-and-digit labels under a top-level domain of letters (or its punycode form).
 */
export function isEmailAddress(value: string): boolean {
  const at = value.lastIndexOf('@');
  if (at <= 0) return false;
  const local = value.slice(0, at);
  const labels = value.slice(at + 1).split('.');
  return (
    LOCAL_PART.test(local) &&
    !local.startsWith('.') &&
    !local.endsWith('.') &&
    !local.includes('..') &&
    labels.length >= 2 &&
    labels.every((label) => DOMAIN_LABEL.test(label)) &&
    TOP_LEVEL.test(labels.at(-1)!)
  );
}
