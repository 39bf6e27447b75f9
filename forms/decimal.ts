/**
 * Exact `multipleOf` for JSON Schema numbers. Ajv divides binary floating-point numbers, so
 * `multipleOf: 0.01` refuses 0.07, 0.29 and 19.99 (0.07 / 0.01 = 7.000000000000001). Amounts in
 * 万元 are decimals as the user typed them, so both numbers are read as the decimal JavaScript
 * writes for them (the shortest string that reads back as the same number: what was typed) and
 * compared as integers scaled by a power of ten.
 */

interface Decimal {
  /** all digits, as an integer (sign included) */
  digits: bigint;
  /** the value is digits × 10^-scale; never negative */
  scale: number;
}

function toDecimal(n: number): Decimal | null {
  if (!Number.isFinite(n)) return null;
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(n));
  if (!m) return null;
  const fraction = m[3] ?? '';
  let digits = BigInt(m[2]! + fraction);
  let scale = fraction.length - Number(m[4] ?? 0);
  if (scale < 0) {
    digits *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { digits: m[1] ? -digits : digits, scale };
}

/** Whether `value` is an integer multiple of `divisor`, both read as the decimals they are written as. */
export function isMultipleOf(value: number, divisor: number): boolean {
  const a = toDecimal(value);
  const b = toDecimal(divisor);
  if (!a || !b || b.digits === 0n) return false;
  const scale = Math.max(a.scale, b.scale);
  const x = a.digits * 10n ** BigInt(scale - a.scale);
  const y = b.digits * 10n ** BigInt(scale - b.scale);
  return x % y === 0n;
}

/** Decimal places of a number as written (1e-7 → 7, 12.50 → 1, 1e21 → 0). */
export function decimalPlaces(n: number): number {
  return toDecimal(n)?.scale ?? Infinity;
}
