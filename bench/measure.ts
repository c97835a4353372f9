/** Runs `body` (which performs `count` operations) `repeats` times and returns the median ops/s. */
export const opsPerSecond = (count: number, body: () => void, repeats = 3): number => {
  const rates: number[] = []
  for (let i = 0; i < repeats; i++) {
    const start = process.hrtime.bigint()
    body()
    const seconds = Number(process.hrtime.bigint() - start) / 1e9
    rates.push(count / seconds)
  }
  rates.sort((a, b) => a - b)
  return rates[Math.floor(rates.length / 2)] as number
}

/** A number with thousands separators. */
export const fmt = (n: number): string => Math.round(n).toLocaleString('en-US')
