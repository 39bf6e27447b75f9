/** The benchmark's scale: BENCH_SCALE when it names one of `scales`, else `fallback` (printed with the figures). */
export function scaleOf<S extends Record<string, unknown>>(scales: S, fallback: keyof S & string): keyof S & string {
  const asked = process.env.BENCH_SCALE ?? fallback;
  return asked in scales ? asked : fallback;
}
