"""gunicorn settings for `make run` and the benchmarks (gunicorn reads this file from the working directory).

Workers are processes, threads share one process's interpreter lock. The app is CPU-bound Python
(templates, ORM), so processes carry the load; a second thread per worker covers the time a request
waits on the database. WEB_CONCURRENCY and WEB_THREADS override the sizes (see docs/configuration.md).
"""

import multiprocessing
import os

workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("WEB_THREADS", 2))
