"""The nightly refresh of the national registers: what changed since the last run, applied
through the same importers (orgs/importers/).

`models` keeps each feed's position, last run and last failure; `client` talks HTTP with
backoff; `feeds` reads Enhetsregisteret's update feeds and NSR's and Grep's lists; `runner`
runs the due feeds; `tasks` is the nightly task for the worker; `views` the administrators'
status page (/ansatt/registre/); `stand_in` a local stand-in of the registers for the tests
and the benchmark. The command is `manage.py refresh_registers`.
"""
