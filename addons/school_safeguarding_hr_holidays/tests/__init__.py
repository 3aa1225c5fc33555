from . import test_time_off
