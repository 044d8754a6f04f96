// The part of autocannon's programmatic API the benchmark uses (the package ships no types).
declare module "autocannon" {
  namespace autocannon {
    type Request = { method?: string; path?: string; headers?: Record<string, string>; body?: string };
    type Options = {
      url: string;
      connections?: number;
      duration?: number;
      method?: string;
      headers?: Record<string, string>;
      requests?: { setupRequest?: (req: Request) => Request }[];
    };
    type Histogram = { average: number; p50: number; p99: number };
    type Result = {
      /** `total`: responses received; `sent`: requests sent. */
      requests: Histogram & { total: number; sent: number };
      latency: Histogram;
      duration: number;
      non2xx: number;
      errors: number;
      timeouts: number;
    };
  }
  function autocannon(options: autocannon.Options): Promise<autocannon.Result>;
  export default autocannon;
}
