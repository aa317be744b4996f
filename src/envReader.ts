/**
 * Typed reads from an environment-like object. A bad value is noted and its default used instead, so
 * that loadConfig can report every problem at once rather than the first one only.
 */
export type Env = Record<string, string | undefined>;

export class EnvReader {
  readonly problems: string[] = [];

  constructor(private readonly env: Env) {}

  /** The value as given (untrimmed), for the few settings checked by hand. */
  raw(name: string): string | undefined {
    return this.env[name];
  }

  report(problem: string): void {
    this.problems.push(problem);
  }

  /** A whole number in [min, max]; `fallback` when unset or blank. */
  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    if (!/^\d+$/.test(raw.trim())) {
      this.report(`${name} must be a whole number, got "${raw}".`);
      return fallback;
    }
    const value = Number(raw);
    if (value < min || value > max) {
      this.report(`${name} must be between ${min} and ${max}, got ${value}.`);
      return fallback;
    }
    return value;
  }

  /** true/false, yes/no, on/off or 1/0, in any case; `fallback` when unset or blank. */
  bool(name: string, fallback: boolean): boolean {
    const raw = this.env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    const v = raw.trim().toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(v)) return true;
    if (['0', 'false', 'no', 'off'].includes(v)) return false;
    this.report(`${name} must be true or false, got "${raw}".`);
    return fallback;
  }

  /** One of `choices`, exactly as spelled there; `fallback` when unset or blank. */
  choice<T extends string>(name: string, choices: readonly T[], fallback: T): T {
    const raw = this.env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    const value = choices.find((choice) => choice === raw.trim());
    if (value !== undefined) return value;
    this.report(`${name} must be one of ${choices.join(', ')}, got "${raw}".`);
    return fallback;
  }
}
