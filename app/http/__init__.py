"""The HTTP machinery that wraps every request: caching and revalidation, guards, the method policy,
rate limiting, security headers, observability, the response cache and the fast lanes."""
