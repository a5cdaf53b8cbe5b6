"""Pages for people: server-rendered HTML over the same data and disclaimers as the API."""
