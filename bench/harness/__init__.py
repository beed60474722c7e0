"""The benchmark harness behind ``bench/run.py``.

Each stage lives in its own module so that the heavy ones (ingest, queries)
can run in a child process: a child's peak memory is its own, and a crash or a
runaway engine in one size does not take the whole run down.
"""
