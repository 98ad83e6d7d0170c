import { describe, expect, it } from 'vitest'
import { parseWrkOutput } from '../bench/load'

// Captured from wrk 4.1.0 (Debian) on this project's 2-core bench machine, against small node:http servers.

/** 50 connections, 235 KB bodies. */
const PLAIN = `Running 2s test @ http://127.0.0.1:18777/
  1 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     6.22ms   11.84ms 147.61ms   94.51%
    Req/Sec    10.89k     4.29k   17.42k    60.00%
  Latency Distribution
     50%    2.87ms
     75%    5.50ms
     90%   11.21ms
     99%   69.19ms
  21999 requests in 2.05s, 4.82GB read
Requests/sec:  10736.25
Transfer/sec:      2.35GB`

/** If-None-Match answered 304: sub-millisecond percentiles are printed in µs and in fractional ms. */
const NOT_MODIFIED = `Running 2s test @ http://127.0.0.1:18777/304
  1 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.18ms    2.72ms  59.91ms   96.39%
    Req/Sec    62.37k    14.31k   78.25k    75.00%
  Latency Distribution
     50%  653.00us
     75%    0.86ms
     90%    1.79ms
     99%    9.25ms
  124359 requests in 2.00s, 14.71MB read
Requests/sec:  62073.63
Transfer/sec:      7.34MB`

/** Every answer a 404. */
const NOT_FOUND = `Running 1s test @ http://127.0.0.1:18777/404
  1 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.19ms    2.32ms  23.55ms   95.39%
    Req/Sec    65.11k    13.90k   73.08k    90.00%
  Latency Distribution
     50%  683.00us
     75%  771.00us
     90%    1.13ms
     99%   15.23ms
  64734 requests in 1.00s, 9.26MB read
  Non-2xx or 3xx responses: 64734
Requests/sec:  64638.98
Transfer/sec:      9.25MB`

/** A slow server (Convene without a cache): whole seconds are printed with a trailing space. */
const SLOW = `Running 1s test @ http://127.0.0.1:39931/events/feeds-ed417537/calendar.ics
  1 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   304.14ms  215.39ms   1.00s    79.00%
    Req/Sec   108.75     51.98   170.00     75.00%
  Latency Distribution
     50%  258.38ms
     75%  319.25ms
     90%  725.85ms
     99%    1.00s 
  100 requests in 1.01s, 2.74MB read
Requests/sec:     98.89
Transfer/sec:      2.71MB`

/** A server that resets one connection in five. */
const RESETS = `Running 1s test @ http://127.0.0.1:18781/
  1 threads and 10 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     3.65ms   13.97ms 101.38ms   95.01%
    Req/Sec    19.88k    10.03k   32.49k    50.00%
  Latency Distribution
     50%  233.00us
     75%  713.00us
     90%    3.03ms
     99%   84.65ms
  20429 requests in 1.07s, 2.42MB read
  Socket errors: connect 0, read 5108, write 0, timeout 0
Requests/sec:  19093.11
Transfer/sec:      2.26MB`

describe('parseWrkOutput', () => {
  it('reads requests, duration, rate, bytes and latency percentiles', () => {
    expect(parseWrkOutput(PLAIN)).toEqual({
      requests: 21999,
      seconds: 2.05,
      requestsPerSecond: 10736.25,
      bytesRead: Math.round(4.82 * 1024 ** 3),
      latencyMs: { p50: 2.87, p75: 5.5, p90: 11.21, p99: 69.19 },
      non2xx3xx: 0,
      socketErrors: 0,
    })
  })

  it('converts microseconds and counts no errors on 304s', () => {
    const result = parseWrkOutput(NOT_MODIFIED)
    expect(result.latencyMs.p50).toBeCloseTo(0.653, 6)
    expect(result.latencyMs.p75).toBe(0.86)
    expect(result.requestsPerSecond).toBe(62073.63)
    expect(result.bytesRead).toBe(Math.round(14.71 * 1024 ** 2))
    expect(result.non2xx3xx).toBe(0)
  })

  it('counts answers outside 2xx and 3xx', () => {
    const result = parseWrkOutput(NOT_FOUND)
    expect(result.non2xx3xx).toBe(64734)
    expect(result.requests).toBe(64734)
    expect(result.seconds).toBe(1)
  })

  it('reads percentiles in seconds', () => {
    const result = parseWrkOutput(SLOW)
    expect(result.latencyMs).toEqual({ p50: 258.38, p75: 319.25, p90: 725.85, p99: 1000 })
    expect(result.requests).toBe(100)
    expect(result.seconds).toBe(1.01)
  })

  it('adds up socket errors', () => {
    const result = parseWrkOutput(RESETS)
    expect(result.socketErrors).toBe(5108)
    expect(result.latencyMs.p50).toBeCloseTo(0.233, 6)
  })

  it('refuses output without a report', () => {
    expect(() => parseWrkOutput('unable to connect to 127.0.0.1:18799 Connection refused')).toThrow(
      /wrk output has no request total/,
    )
  })
})
