# Shared by the simulator's shims: the JS bridge, OSError from '-errno' answers, heap sampling.
# (Simulator only: on a Pico W these modules are the firmware's own, written in C.)
import gc
from _otalab_bridge import heap_sample

# The lab switches this on to sample the live heap at every shim call (costs a gc.collect each).
measure = False


def sample(label=''):
    if measure:
        gc.collect()
        heap_sample(gc.mem_alloc(), label)


def check(r):
    # Bridge calls answer a count >= 0, or -errno.
    if r < 0:
        raise OSError(-r)
    return r
