/** Connections autocannon opens in every measurement (the servers' worker reads it too). */
export const BENCH_CONNECTIONS = 32
