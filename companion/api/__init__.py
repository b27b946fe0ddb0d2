"""The HTTP API: the only package that imports aiohttp. Handlers are thin; rules live in the core."""
