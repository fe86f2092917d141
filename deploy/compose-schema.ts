import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { repoRoot } from './manifests.js';

/**
 * The Compose Specification's JSON schema (vendored, see schemas/SOURCE.md) compiled with ajv.
 * It names its draft-07 meta-schema by an https URL that ajv registers under http, so the schema
 * itself is not meta-validated; `format` values are advisory there (validateFormats off).
 */
export function compileComposeSchema() {
  const schema = JSON.parse(readFileSync(`${repoRoot}/deploy/schemas/compose-spec.json`, 'utf8'));
  return new Ajv({ strict: false, allErrors: true, validateSchema: false, validateFormats: false }).compile(
    schema,
  );
}
