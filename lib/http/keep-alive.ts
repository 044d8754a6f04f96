// How long the console's and the API's servers keep an idle keep-alive connection open: longer
// than the idle timeouts of the proxies and clients that reuse connections (60 s for nginx
// upstreams and AWS load balancers), so none of them sends a request on a connection the server
// is closing at that moment (a reset for the client, a 502 from a proxy). Node's default is 5 s.
export const KEEP_ALIVE_MS = 65_000;
