/**
 * The upstream's parameter contracts (dry-validation, docs/upstream-contract.md §1): each check adds
 * dry-validation's message for one parameter, and `assertValid` throws envelope B when one or more
 * failed. Values arrive as strings (path and query) or JSON values (bodies), coerced like dry-schema's
 * Params processor.
 */
import { contractError, type ContractErrors } from './errors';

const INTEGER_TEXT = /^\s*[+-]?\d+(?:_\d+)*\s*$/;
const TRUE_TEXTS = new Set(['1', 'on', 'On', 'ON', 't', 'true', 'True', 'TRUE', 'T', 'y', 'yes', 'Yes', 'YES', 'Y']);
const FALSE_TEXTS = new Set(['0', 'off', 'Off', 'OFF', 'f', 'false', 'False', 'FALSE', 'F', 'n', 'no', 'No', 'NO', 'N']);

/** Whether a Params-coerced value is an integer (`"12"`, `12`, ` 12 `; not `"12abc"`, `1.5`). */
export function isIntegerValue(value: unknown): boolean {
  if (typeof value === 'number') return Number.isInteger(value);
  return typeof value === 'string' && INTEGER_TEXT.test(value);
}

/** Params boolean coercion; undefined when the value is not a recognised boolean. */
export function toBooleanValue(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    if (TRUE_TEXTS.has(value)) return true;
    if (FALSE_TEXTS.has(value)) return false;
  }
  return undefined;
}

const isBlank = (value: unknown): boolean => value === null || value === '';

/** `required(key)` / `optional(key)` + `.filled(:integer)`. */
export function checkInteger(errors: ContractErrors, key: string, value: unknown, required: boolean): void {
  if (value === undefined) {
    if (required) errors[key] = ['is missing'];
  } else if (isBlank(value)) errors[key] = ['must be filled'];
  else if (!isIntegerValue(value)) errors[key] = ['must be an integer'];
}

/** `required(key).filled(:bool)`. */
export function checkBoolean(errors: ContractErrors, key: string, value: unknown): void {
  if (value === undefined) errors[key] = ['is missing'];
  else if (isBlank(value)) errors[key] = ['must be filled'];
  else if (toBooleanValue(value) === undefined) errors[key] = ['must be boolean'];
}

/** `optional(key).filled(:string)` plus a rule that the value is one of `allowed`. */
export function checkEnum(
  errors: ContractErrors,
  key: string,
  value: unknown,
  allowed: readonly string[],
  failure: string,
  normalize: (text: string) => string = (text) => text,
): void {
  if (value === undefined) return;
  if (isBlank(value)) errors[key] = ['must be filled'];
  else if (typeof value !== 'string') errors[key] = ['must be a string'];
  else if (!allowed.includes(normalize(value))) errors[key] = [failure];
}

/** Throws envelope B when one or more checks failed. */
export function assertValid(errors: ContractErrors): void {
  if (Object.keys(errors).length > 0) throw contractError(errors);
}
