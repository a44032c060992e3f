"""A preload module for the fork server's tests: records the process and time of its one import."""

import os
import time

PID = os.getpid()
AT = time.time_ns()
